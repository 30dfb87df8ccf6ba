"""The first text of the admin-editable site pages; a migration stores it once.

Administrators edit the pages on the site afterwards (/pages/<slug>/edit/).
"""

HELP = """\
## If someone's life is in danger

**Call 112.** It is the free emergency number everywhere in the European Union, and it
works from any phone, also without credit. Say where you are and what is happening.

Signs of an overdose include: not waking up or not responding, slow or no breathing,
blue or grey lips or fingertips, choking or gurgling sounds. Call 112, stay with the
person, put them on their side (recovery position), and give naloxone if you have it
and know how.

## If you are struggling right now

- You do not have to go through this alone. Tell someone you trust: a friend, a
  family member, your sponsor, your key worker or your doctor.
- If you are thinking about using again, or about hurting yourself, reach out to your
  treatment service, your doctor or a local emergency department today. If you are in
  immediate danger, call 112.
- If you do use: try not to use alone, do not mix substances, remember that your
  tolerance drops after a break, and keep naloxone nearby if you use opioids.

## On this forum

Members here offer peer support, not professional or emergency help. Replies can take
hours. If you see a post where someone may be at risk, use **Report** on the post and
choose "someone may be at risk": moderators see those reports first.

## Finding local services

Your doctor, local health service or a member organisation of this network can tell you
about treatment, recovery and harm-reduction services near you. The list of member
organisations is on the [organisations page](/organisations/).
"""

GUIDELINES = """\
This is a space for people in recovery from drug use and for the organisations that
support them. These guidelines keep it safe. By joining you agree to follow them;
moderators act on posts and accounts that do not.

## Look after each other

- Be kind. Everyone's recovery is their own; there is no single right path.
- Share your own experience rather than telling others what to do.
- Respect choices you would not make yourself. No shaming, no moralising.

## Protect privacy, yours and others'

- Use a pseudonym. Do not post your full name, address, phone number or workplace,
  or anyone else's.
- What is said about someone else's recovery stays with them: do not repost it
  elsewhere, and do not try to find out who a member is.
- Do not post photos of people without their consent.

## Keep it safe

- Do not sell, buy, source or arrange drugs, and do not post where or how to get them.
- Harm-reduction information is welcome; instructions that make use more dangerous
  are not.
- Add a content warning when you write about relapse, overdose, self-harm or trauma.
- If someone may be at risk, report the post ("someone may be at risk") and point
  them to the [Need help now?](/help/) page.

## Organisations

- Write-ups describe real programmes honestly, including their limitations.
- No advertising, fundraising appeals or recruitment of participants without the
  moderators' agreement.

## Moderation

Moderators may hide posts, hold posts for review, lock threads, and silence or suspend
accounts. The author is always told the outcome and the reason. If you disagree with a
decision, reply to the notification message or contact the moderators; do not argue
about it in public threads.
"""

PRIVACY = """\
Many members share health information here. We collect as little as we can and keep
it only as long as it is needed.

## What we store

- Your account: username (public), e-mail address (never shown), password (stored as
  a one-way hash), country and preferred language if you give them, and your settings.
- What you post: threads, replies, their earlier versions, reactions and reports.
- For organisations: the application, the staff list and the programme write-ups.
- Technical data: a session cookie that keeps you logged in, and short-lived counters
  of failed logins used to stop password guessing.

No advertising, no analytics, no tracking, and nothing is loaded from other websites.

## Who can see what

- Your profile is private until you choose otherwise in your settings.
- Members-only categories are visible to signed-in members only.
- When you type a reply, others see "someone is typing" unless you choose to show your
  name.
- Moderators can see reported posts and the information they need to keep members safe.
  A member who is reported never learns who reported them.

## Your rights

- **Download your data** as a file at any time from your settings.
- **Delete your account** at any time. You choose whether your posts stay, shown as
  written by "deleted member", or are removed. Your e-mail address, profile and
  settings are erased either way.
- You can ask the administrators to correct anything about you.

## E-mails

We e-mail you only to confirm your address, to reset your password, and (if you turn
it on) a link when you have a notification. E-mails never contain the text of posts.
"""

HELP_IT = """\
## Se la vita di qualcuno è in pericolo

**Chiama il 112.** È il numero di emergenza gratuito in tutta l'Unione europea e funziona
da qualsiasi telefono, anche senza credito. Di' dove ti trovi e cosa sta succedendo.

I segni di un'overdose sono: la persona non si sveglia o non risponde, respira piano o
non respira, ha labbra o punte delle dita blu o grigie, emette suoni di soffocamento o
gorgoglii. Chiama il 112, resta con la persona, mettila su un fianco (posizione laterale
di sicurezza) e, se ce l'hai e sai come usarlo, somministra il naloxone.

## Se stai passando un momento difficile

- Non devi affrontarlo da solo/a. Parlane con qualcuno di cui ti fidi: un amico, un
  familiare, il tuo sponsor, il tuo operatore di riferimento o il tuo medico.
- Se stai pensando di usare di nuovo o di farti del male, contatta oggi stesso il tuo
  servizio per le dipendenze, il tuo medico o un pronto soccorso. Se sei in pericolo
  immediato, chiama il 112.
- Se usi: cerca di non usare da solo/a, non mescolare sostanze, ricorda che dopo una
  pausa la tolleranza si abbassa e, se usi oppioidi, tieni il naloxone a portata di mano.

## Su questo forum

Qui i membri offrono sostegno tra pari, non aiuto professionale o di emergenza. Le
risposte possono richiedere ore. Se vedi un messaggio in cui qualcuno potrebbe essere in
pericolo, usa **Segnala** sul messaggio e scegli "qualcuno potrebbe essere a rischio": i
moderatori vedono per prime queste segnalazioni.

## Trovare servizi nella tua zona

Il tuo medico, il servizio sanitario locale o un'organizzazione aderente a questa rete
possono indicarti i servizi di cura, recupero e riduzione del danno vicino a te. L'elenco
delle organizzazioni aderenti è nella [pagina delle organizzazioni](/organisations/).
"""

HELP_SR_LATN = """\
## Ako je nečiji život u opasnosti

**Pozovite 112.** To je besplatan broj za hitne slučajeve u celoj Evropskoj uniji i
radi sa svakog telefona, i bez kredita. Recite gde ste i šta se dešava.

Znaci predoziranja su: osoba se ne budi ili ne reaguje, diše sporo ili ne diše, ima
plave ili sive usne ili vrhove prstiju, čuju se zvuci gušenja ili krkljanja. Pozovite
112, ostanite uz osobu, okrenite je na bok (bočni položaj) i dajte nalokson ako ga
imate i znate kako.

## Ako vam je upravo teško

- Ne morate kroz ovo da prolazite sami. Recite nekome kome verujete: prijatelju,
  članu porodice, sponzoru, svom savetniku ili lekaru.
- Ako razmišljate o ponovnom korišćenju ili o tome da se povredite, još danas se
  obratite svojoj službi za lečenje, lekaru ili hitnoj pomoći. Ako ste u neposrednoj
  opasnosti, pozovite 112.
- Ako koristite: pokušajte da ne koristite sami, ne mešajte supstance, imajte na umu
  da tolerancija opada posle pauze i držite nalokson pri ruci ako koristite opioide.

## Na ovom forumu

Članovi ovde pružaju vršnjačku podršku, a ne stručnu ili hitnu pomoć. Odgovori mogu da
stignu tek posle nekoliko sati. Ako vidite objavu u kojoj je neko možda u opasnosti,
upotrebite **Prijavi** na objavi i izaberite „neko je možda u opasnosti": moderatori te
prijave vide prve.

## Pronalaženje službi u vašoj blizini

Vaš lekar, lokalna zdravstvena služba ili organizacija članica ove mreže mogu da vas
upute na službe za lečenje, oporavak i smanjenje štete u vašoj blizini. Spisak
organizacija članica je na [stranici organizacija](/organisations/).
"""

# Translations of the pages, by language; readers without one see the English page.
TRANSLATED_PAGES = {
    "it": {"help": ("Hai bisogno di aiuto ora?", HELP_IT)},
    "sr-latn": {"help": ("Potrebna vam je pomoć odmah?", HELP_SR_LATN)},
}

DEFAULT_PAGES = {
    "help": ("Need help now?", HELP),
    "guidelines": ("Community guidelines", GUIDELINES),
    "privacy": ("Privacy", PRIVACY),
}
