"""The first text of the admin-editable site pages; a migration stores it once.

Administrators edit the pages on the site afterwards (/pages/<slug>/edit/).
"""

HELP = """\
## If someone's life is in danger

**In the European Union, call 112.** It is the free emergency number in every EU
country, and it works from any phone, also without credit. Say where you are and what is
happening. Outside the EU, call your country's emergency number: the crisis lines at the
end of this page list those an administrator has checked.

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

# The privacy page in each shipped language. They say the same as the table in
# docs/privacy.md, in plain words; a change to one is made to all four.
PRIVACY = """\
Many members share health information here. We collect as little as we can and keep
it only as long as it is needed.

## What we store

- Your account: username (public), e-mail address (never shown), password (stored as
  a one-way hash), country and preferred language if you give them, and your settings
  (for example easy read).
- What you agreed to: which version of the community guidelines you accepted, and
  each time you turned e-mails, your profile's visibility or similar choices on or off,
  with the date.
- What you post: threads, replies, their earlier versions, reactions and reports.
- What you follow: the threads, categories, tags and organisations you watch or mute.
- Your notifications, how you want to hear about them by e-mail, and which digests
  we sent you.
- Recovery stories and testimonies you send, and the position statements you co-sign.
- Private check-ins with a moderator or support worker.
- The members you blocked.
- For organisations: the application, the staff list (including who is a support
  worker), the programme write-ups and the position statements they endorse.
- Technical data: a session cookie that keeps you logged in, short-lived counters of
  failed logins used to stop password guessing, and a list of your logins with the
  time and the internet address they came from.

No advertising, no analytics, no tracking, and nothing is loaded from other websites.

## How long we keep it

- Your login list and the internet addresses in it: 30 days, then erased.
- An account whose e-mail address was never confirmed: erased after 14 days.
- Private check-ins: erased 180 days after they are closed.
- A recovery story you withdraw: its title and text are erased at once.
- The list of e-mails waiting to be sent: about 30 days. It holds no text of posts.
- Everything else: until you delete it or delete your account.

## Who can see what

- Your profile is private until you choose otherwise in your settings.
- Members-only categories are visible to signed-in members only.
- Search shows only what you could already read. A hidden or deleted post is not
  found.
- When you type a reply, others see "someone is typing" unless you choose to show your
  name.
- Moderators can see reported posts and the information they need to keep members safe.
  A member who is reported never learns who reported them.

## Recovery stories and testimonies

- A story or testimony is public only after a moderator has read it and approved it.
  Until then only you and the moderators see it.
- You choose how a story is signed: your username, a first name only, or anonymous.
  A testimony is signed with a name you choose, or stays anonymous.
- We record that you agreed to publish it, and when.
- You can withdraw it at any time. It then disappears from the site at once.
- When you co-sign a position statement, others see only the number of co-signers,
  and your username only if you choose to show it.
- Endorsements are made by organisations, not by members. The organisation's name is
  public.

## Private check-ins

A moderator or a support worker of a member organisation may open a private check-in
with you, to ask how you are. Only you and the person who opened it can read it.
Other moderators can read it only when it belongs to a moderation case. You can
report a message in it; another moderator then reads that message. A check-in is
erased 180 days after it is closed, or when you delete your account.

## Blocking

You can block a member from their profile or from any of their posts. You then no
longer see each other's posts (each shows as a closed row you can open), and neither of
you can mention, quote or notify the other. They are not told. Moderators can see that
a block exists, but not who made it, and a block never stops a moderator.

## Your rights

- **Download your data** at any time from your settings, as a file or as a web page.
  It never says who reported or blocked you.
- **See what you agreed to**, and when, in your settings.
- **Hide your name on your past posts** without leaving: posts written before a date
  you choose then show "a member" instead of your name, and so do quotes of them.
- **Delete your account** at any time. You choose whether your posts stay, shown as
  written by "deleted member", or are removed. Your e-mail address, profile and
  settings are erased either way, and so are your stories, testimonies and check-ins.
- You can ask the administrators to correct anything about you.

## E-mails

We e-mail you only to confirm your address, to reset your password, to tell you when
someone tries to use your address for another account or your address is changed, to
send you a moderation decision about you when you cannot log in to read it, and about
your notifications if you turn that on. You choose for each kind of notification:
at once, a daily digest, a weekly digest, or never. Every such e-mail has a link that
stops it with one click. E-mails never contain the text of posts, and neither does the
list of e-mails waiting to be sent.
"""

HELP_IT = """\
## Se la vita di qualcuno è in pericolo

**Nell'Unione europea chiama il 112.** È il numero di emergenza gratuito in ogni paese
dell'UE e funziona da qualsiasi telefono, anche senza credito. Di' dove ti trovi e cosa
sta succedendo. Fuori dall'UE chiama il numero di emergenza del tuo paese: le linee di
crisi in fondo a questa pagina elencano quelle verificate da un amministratore.

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

**U Evropskoj uniji pozovite 112.** To je besplatan broj za hitne slučajeve u svakoj
zemlji EU i radi sa svakog telefona, i bez kredita. Recite gde ste i šta se dešava.
Van EU pozovite broj hitne pomoći svoje zemlje: linije za krizne situacije na kraju ove
stranice navode one koje je administrator proverio.

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

GUIDELINES_IT = """\
Questo è uno spazio per persone in recupero dall'uso di droghe e per le organizzazioni
che le sostengono. Queste linee guida lo mantengono sicuro. Iscrivendoti accetti di
rispettarle; i moderatori intervengono su messaggi e account che non lo fanno.

## Abbiate cura gli uni degli altri

- Sii gentile. Il percorso di recupero di ognuno è suo; non esiste un'unica strada giusta.
- Racconta la tua esperienza invece di dire agli altri cosa fare.
- Rispetta scelte che tu non faresti. Niente giudizi, niente prediche.

## Proteggi la privacy, tua e degli altri

- Usa uno pseudonimo. Non pubblicare nome completo, indirizzo, numero di telefono o
  luogo di lavoro, tuoi o di altri.
- Ciò che qualcuno racconta del proprio recupero resta suo: non ripubblicarlo altrove e
  non cercare di scoprire chi è un membro.
- Non pubblicare foto di persone senza il loro consenso.

## Mantieni lo spazio sicuro

- Non vendere, comprare, procurare o organizzare droghe e non scrivere dove o come
  trovarle.
- Le informazioni di riduzione del danno sono benvenute; le istruzioni che rendono l'uso
  più pericoloso no.
- Aggiungi un avviso sul contenuto quando scrivi di ricadute, overdose, autolesionismo o
  traumi.
- Se qualcuno potrebbe essere a rischio, segnala il messaggio ("qualcuno potrebbe essere
  a rischio") e indicagli la pagina [Hai bisogno di aiuto ora?](/help/).

## Organizzazioni

- Le schede descrivono programmi reali con onestà, compresi i loro limiti.
- Niente pubblicità, raccolte fondi o reclutamento di partecipanti senza l'accordo dei
  moderatori.

## Moderazione

I moderatori possono nascondere messaggi, trattenerli per revisione, bloccare
discussioni e silenziare o sospendere account. L'autore viene sempre informato
dell'esito e del motivo. Se non sei d'accordo con una decisione, rispondi al messaggio di
notifica o contatta i moderatori; non discuterne nelle discussioni pubbliche.
"""

GUIDELINES_SR_LATN = """\
Ovo je prostor za ljude koji se oporavljaju od korišćenja droga i za organizacije koje
ih podržavaju. Ova pravila ga čuvaju bezbednim. Pridruživanjem pristajete da ih
poštujete; moderatori reaguju na objave i naloge koji ih ne poštuju.

## Brinite jedni o drugima

- Budite ljubazni. Svačiji oporavak je njegov; ne postoji jedan pravi put.
- Delite svoje iskustvo umesto da drugima govorite šta da rade.
- Poštujte izbore koje vi ne biste napravili. Bez posramljivanja i bez moralisanja.

## Zaštitite privatnost, svoju i tuđu

- Koristite pseudonim. Ne objavljujte puno ime, adresu, broj telefona ili radno mesto,
  ni svoje ni tuđe.
- Ono što neko kaže o svom oporavku ostaje njegovo: ne objavljujte to na drugim mestima
  i ne pokušavajte da otkrijete ko je neki član.
- Ne objavljujte fotografije ljudi bez njihove saglasnosti.

## Čuvajte bezbednost

- Ne prodajte, ne kupujte, ne nabavljajte i ne dogovarajte droge i ne pišite gde ili
  kako se mogu nabaviti.
- Informacije o smanjenju štete su dobrodošle; uputstva koja korišćenje čine opasnijim
  nisu.
- Dodajte upozorenje o sadržaju kada pišete o recidivu, predoziranju, samopovređivanju
  ili traumi.
- Ako je neko možda u opasnosti, prijavite objavu („neko je možda u opasnosti") i
  uputite ga na stranicu [Potrebna vam je pomoć odmah?](/help/).

## Organizacije

- Opisi programa iskreno predstavljaju stvarne programe, uključujući njihova ograničenja.
- Bez reklama, prikupljanja sredstava ili regrutovanja učesnika bez saglasnosti
  moderatora.

## Moderacija

Moderatori mogu da sakriju objave, zadrže ih radi pregleda, zaključaju teme i utišaju
ili suspenduju naloge. Autor je uvek obavešten o ishodu i razlogu. Ako se ne slažete sa
odlukom, odgovorite na poruku obaveštenja ili se obratite moderatorima; ne raspravljajte
o tome u javnim temama.
"""

PRIVACY_IT = """\
Molti membri qui condividono informazioni sulla propria salute. Raccogliamo il meno
possibile e conserviamo i dati solo finché servono.

## Cosa conserviamo

- Il tuo account: nome utente (pubblico), indirizzo e-mail (mai mostrato), password
  (conservata come hash non reversibile), paese e lingua preferita se li indichi, e le
  tue impostazioni (per esempio la lettura facile).
- Ciò che hai accettato: quale versione delle linee guida della comunità hai accettato
  e, con la data, ogni volta che hai attivato o disattivato le e-mail, la visibilità del
  profilo o scelte simili.
- Ciò che pubblichi: discussioni, risposte, le loro versioni precedenti, reazioni e
  segnalazioni.
- Ciò che segui: le discussioni, le categorie, i tag e le organizzazioni che segui o
  che hai silenziato.
- Le tue notifiche, come vuoi riceverle per e-mail e quali riepiloghi ti abbiamo
  inviato.
- Le storie di recupero e le testimonianze che invii, e le prese di posizione che firmi.
- I colloqui riservati con un moderatore o con un operatore o un'operatrice di supporto.
- I membri che hai bloccato.
- Per le organizzazioni: la domanda di adesione, l'elenco del personale (compresi gli
  operatori e le operatrici di supporto), le schede dei programmi e le sottoscrizioni
  delle prese di posizione.
- Dati tecnici: un cookie di sessione che ti mantiene connesso/a, contatori di breve
  durata dei tentativi di accesso falliti, usati per fermare chi prova a indovinare le
  password, e un elenco dei tuoi accessi con l'ora e l'indirizzo internet da cui
  provengono.

Niente pubblicità, niente statistiche, niente tracciamento e nulla viene caricato da
altri siti.

## Per quanto tempo li conserviamo

- L'elenco dei tuoi accessi e gli indirizzi internet che contiene: 30 giorni, poi
  vengono cancellati.
- Un account il cui indirizzo e-mail non è mai stato confermato: cancellato dopo 14
  giorni.
- I colloqui riservati: cancellati 180 giorni dopo la chiusura.
- Una storia di recupero che ritiri: il titolo e il testo vengono cancellati subito.
- L'elenco delle e-mail in attesa di invio: circa 30 giorni. Non contiene il testo dei
  messaggi.
- Tutto il resto: finché non lo elimini tu o non elimini il tuo account.

## Chi può vedere cosa

- Il tuo profilo è privato finché non scegli diversamente nelle impostazioni.
- Le categorie riservate ai membri sono visibili solo ai membri connessi.
- La ricerca mostra solo ciò che potresti già leggere. Un messaggio nascosto o
  eliminato non compare.
- Quando scrivi una risposta, gli altri vedono "qualcuno sta scrivendo", a meno che tu
  non scelga di mostrare il tuo nome.
- I moderatori possono vedere i messaggi segnalati e le informazioni necessarie a
  proteggere i membri. Chi viene segnalato non scopre mai chi lo ha segnalato.

## Storie di recupero e testimonianze

- Una storia o una testimonianza diventa pubblica solo dopo che un moderatore l'ha
  letta e approvata. Fino ad allora possono vederla solo tu e i moderatori.
- Scegli tu come firmare una storia: con il tuo nome utente, solo con un nome, oppure
  in forma anonima. Una testimonianza porta un nome che scegli tu, oppure resta anonima.
- Registriamo il tuo consenso alla pubblicazione e la data.
- Puoi ritirarla in qualsiasi momento. Sparisce subito dal sito.
- Quando firmi una presa di posizione, gli altri vedono solo quante persone l'hanno
  firmata, e il tuo nome utente solo se scegli di mostrarlo.
- Le sottoscrizioni sono fatte dalle organizzazioni, non dai membri. Il nome
  dell'organizzazione è pubblico.

## Colloqui riservati

Un moderatore, o un operatore o un'operatrice di supporto di un'organizzazione
aderente, può aprire con te un colloquio riservato, per chiederti come stai. Possono
leggerlo solo tu e chi lo ha aperto. Gli altri moderatori possono leggerlo solo quando
fa parte di un caso di moderazione. Puoi segnalare un messaggio del colloquio: allora lo
legge un altro moderatore. Un colloquio viene cancellato 180 giorni dopo la chiusura, o
quando elimini il tuo account.

## Bloccare un membro

Puoi bloccare un membro dal suo profilo o da uno qualsiasi dei suoi messaggi. Da quel
momento non vedete più i messaggi l'uno dell'altro (ognuno appare come una riga chiusa
che puoi aprire) e nessuno dei due può menzionare, citare o avvisare l'altro. L'altro
membro non viene informato. I moderatori possono vedere che esiste un blocco, ma non chi
lo ha fatto, e un blocco non ferma mai un moderatore.

## I tuoi diritti

- **Scarica i tuoi dati** in qualsiasi momento dalle impostazioni, in un file o come
  pagina web. Non indicano mai chi ti ha segnalato o bloccato.
- **Vedi cosa hai accettato**, e quando, nelle impostazioni.
- **Nascondi il tuo nome sui messaggi passati** senza andartene: i messaggi scritti
  prima di una data che scegli mostrano "un membro" al posto del tuo nome, e così le
  loro citazioni.
- **Elimina il tuo account** in qualsiasi momento. Scegli tu se i tuoi messaggi restano,
  mostrati come scritti da "membro eliminato", o vengono rimossi. Indirizzo e-mail,
  profilo e impostazioni vengono cancellati in ogni caso, e così le tue storie, le tue
  testimonianze e i tuoi colloqui riservati.
- Puoi chiedere agli amministratori di correggere qualsiasi dato che ti riguarda.

## E-mail

Ti scriviamo solo per confermare il tuo indirizzo, per reimpostare la password, per
avvisarti quando qualcuno prova a usare il tuo indirizzo per un altro account o quando il
tuo indirizzo viene cambiato, per inviarti una decisione di moderazione che ti riguarda
quando non puoi accedere per leggerla e, se lo attivi, per le tue notifiche. Per ogni
tipo di notifica scegli tu: subito, un riepilogo giornaliero, un riepilogo settimanale
o mai. Ognuna di queste e-mail ha un link per fermarle con un clic. Le e-mail non
contengono mai il testo dei messaggi, e nemmeno l'elenco delle e-mail in attesa di invio.
"""

PRIVACY_SR_LATN = """\
Mnogi članovi ovde dele podatke o svom zdravlju. Prikupljamo što manje možemo i čuvamo
podatke samo dok su potrebni.

## Šta čuvamo

- Vaš nalog: korisničko ime (javno), adresu e-pošte (nikad se ne prikazuje), lozinku
  (čuva se kao jednosmerni heš), zemlju i željeni jezik ako ih navedete, i vaša
  podešavanja (na primer lako čitanje).
- Ono na šta ste pristali: koju verziju pravila zajednice ste prihvatili i, sa datumom,
  svaki put kada ste uključili ili isključili e-poštu, vidljivost profila ili slične
  izbore.
- Ono što objavite: teme, odgovore, njihove ranije verzije, reakcije i prijave.
- Ono što pratite: teme, kategorije, oznake i organizacije koje pratite ili ste utišali.
- Vaša obaveštenja, kako želite da ih dobijate e-poštom i koje smo vam preglede
  poslali.
- Priče o oporavku i svedočenja koja pošaljete i javne stavove koje potpišete.
- Poverljive razgovore sa moderatorom ili osobom za podršku.
- Članove koje ste blokirali.
- Za organizacije: prijavu za članstvo, spisak osoblja (i ko je osoba za podršku),
  opise programa i podršku koju daju javnim stavovima.
- Tehničke podatke: kolačić sesije koji vas drži prijavljenim, kratkotrajne brojače
  neuspelih prijava, koji služe da spreče pogađanje lozinki, i spisak vaših prijava sa
  vremenom i internet adresom sa koje su došle.

Bez reklama, bez analitike, bez praćenja i ništa se ne učitava sa drugih sajtova.

## Koliko dugo ih čuvamo

- Spisak vaših prijava i internet adrese u njemu: 30 dana, zatim se brišu.
- Nalog čija adresa e-pošte nikad nije potvrđena: briše se posle 14 dana.
- Poverljivi razgovori: brišu se 180 dana nakon što se zatvore.
- Priča o oporavku koju povučete: naslov i tekst se brišu odmah.
- Spisak poruka e-pošte koje čekaju slanje: oko 30 dana. U njemu nema teksta objava.
- Sve ostalo: dok to ne obrišete ili ne obrišete svoj nalog.

## Ko šta može da vidi

- Vaš profil je privatan dok u podešavanjima ne izaberete drugačije.
- Kategorije samo za članove vide samo prijavljeni članovi.
- Pretraga pokazuje samo ono što već možete da čitate. Skrivena ili obrisana objava se
  ne pronalazi.
- Kada kucate odgovor, drugi vide „neko kuca", osim ako izaberete da prikažete svoje ime.
- Moderatori mogu da vide prijavljene objave i podatke potrebne da bi zaštitili članove.
  Član koji je prijavljen nikada ne saznaje ko ga je prijavio.

## Priče o oporavku i svedočenja

- Priču ili svedočenje drugi vide tek kada ih moderator pročita i odobri. Do tada ih
  vidite samo vi i moderatori.
- Vi birate kako je priča potpisana: vašim korisničkim imenom, samo imenom ili
  anonimno. Svedočenje nosi ime koje vi izaberete ili ostaje anonimno.
- Beležimo da ste dali saglasnost za objavljivanje i kada.
- Priču ili svedočenje možete povući u bilo kom trenutku. Tada odmah nestaje sa sajta.
- Kada potpišete javni stav, drugi vide samo broj potpisnika, a vaše korisničko ime
  samo ako izaberete da ga prikažete.
- Podršku javnim stavovima daju organizacije, ne članovi. Ime organizacije je javno.

## Poverljivi razgovori

Moderator ili osoba za podršku iz organizacije članice može da otvori poverljivi
razgovor sa vama, da vas pita kako ste. Mogu da ga čitaju samo vi i osoba koja ga je
otvorila. Drugi moderatori mogu da ga čitaju samo kada je deo slučaja moderacije.
Možete da prijavite poruku iz razgovora; tu poruku onda čita drugi moderator. Razgovor
se briše 180 dana nakon što se zatvori ili kada obrišete svoj nalog.

## Blokiranje

Člana možete da blokirate sa njegovog profila ili iz bilo koje njegove objave. Posle
toga više ne vidite objave jedno drugog (svaka se prikazuje kao zatvoren red koji
možete da otvorite) i niko od vas ne može da pomene, citira ili obavesti drugog. Član
to ne saznaje. Moderatori mogu da vide da blokada postoji, ali ne i ko ju je napravio, a
blokada nikada ne zaustavlja moderatora.

## Vaša prava

- **Preuzmite svoje podatke** u bilo kom trenutku iz podešavanja, kao datoteku ili kao
  veb-stranicu. Oni nikada ne otkrivaju ko vas je prijavio ili blokirao.
- **Pogledajte na šta ste pristali**, i kada, u podešavanjima.
- **Sakrijte svoje ime na ranijim objavama**, a da ne odete: objave napisane pre
  datuma koji izaberete tada prikazuju „član" umesto vašeg imena, kao i njihovi citati.
- **Obrišite svoj nalog** u bilo kom trenutku. Vi birate da li vaše objave ostaju,
  prikazane kao da ih je napisao „obrisani član", ili se uklanjaju. Adresa e-pošte,
  profil i podešavanja se brišu u svakom slučaju, kao i vaše priče, svedočenja i
  poverljivi razgovori.
- Možete zatražiti od administratora da isprave bilo koji podatak o vama.

## E-pošta

Pišemo vam samo da potvrdimo adresu, da resetujete lozinku, da vas upozorimo kada neko
pokuša da koristi vašu adresu za drugi nalog ili kada se vaša adresa promeni, da vam
pošaljemo odluku moderacije o vama kada ne možete da se prijavite da je pročitate i,
ako to uključite, zbog vaših obaveštenja. Za svaku vrstu obaveštenja vi birate: odmah,
dnevni pregled, nedeljni pregled ili nikad. Svaka takva poruka ima link kojim je
odjavljujete jednim klikom. Poruke nikada ne sadrže tekst objava, a ni spisak poruka
koje čekaju slanje.
"""

HELP_BS = """\
## Ako je nečiji život u opasnosti

**U Evropskoj uniji pozovite 112.** To je besplatan broj za hitne slučajeve u svakoj
zemlji EU i radi sa svakog telefona, i bez kredita. Recite gdje ste i šta se dešava.
Izvan EU pozovite broj hitne pomoći svoje zemlje: linije za krizne situacije na kraju
ove stranice navode one koje je administrator provjerio.

Znaci predoziranja su: osoba se ne budi ili ne reaguje, diše sporo ili ne diše, ima
plave ili sive usne ili vrhove prstiju, čuju se zvuci gušenja ili krkljanja. Pozovite
112, ostanite uz osobu, okrenite je na bok (bočni položaj) i dajte nalokson ako ga
imate i znate kako.

## Ako vam je upravo teško

- Ne morate kroz ovo prolaziti sami. Recite nekome kome vjerujete: prijatelju,
  članu porodice, sponzoru, svom savjetniku ili ljekaru.
- Ako razmišljate o ponovnom korištenju ili o tome da se povrijedite, još danas se
  obratite svojoj službi za liječenje, ljekaru ili hitnoj pomoći. Ako ste u neposrednoj
  opasnosti, pozovite 112.
- Ako koristite: pokušajte ne koristiti sami, ne miješajte supstance, imajte na umu
  da tolerancija opada nakon pauze i držite nalokson pri ruci ako koristite opioide.

## Na ovom forumu

Članovi ovdje pružaju vršnjačku podršku, a ne stručnu ili hitnu pomoć. Odgovori mogu
stići tek nakon nekoliko sati. Ako vidite objavu u kojoj je neko možda u opasnosti,
upotrijebite **Prijavi** na objavi i izaberite „Neko je možda u opasnosti“: moderatori
te prijave vide prve.

## Pronalaženje službi u vašoj blizini

Vaš ljekar, lokalna zdravstvena služba ili organizacija članica ove mreže mogu vas
uputiti na službe za liječenje, oporavak i smanjenje štete u vašoj blizini. Spisak
organizacija članica je na [stranici organizacija](/organisations/).
"""

GUIDELINES_BS = """\
Ovo je prostor za ljude koji se oporavljaju od korištenja droga i za organizacije koje
ih podržavaju. Ova pravila ga čuvaju sigurnim. Pridruživanjem pristajete da ih
poštujete; moderatori reaguju na objave i račune koji ih ne poštuju.

## Brinite jedni o drugima

- Budite ljubazni. Svačiji oporavak je njegov; ne postoji jedan pravi put.
- Dijelite svoje iskustvo umjesto da drugima govorite šta da rade.
- Poštujte izbore koje vi ne biste napravili. Bez posramljivanja i bez moraliziranja.

## Zaštitite privatnost, svoju i tuđu

- Koristite pseudonim. Ne objavljujte puno ime, adresu, broj telefona ili radno mjesto,
  ni svoje ni tuđe.
- Ono što neko kaže o svom oporavku ostaje njegovo: ne objavljujte to na drugim
  mjestima i ne pokušavajte otkriti ko je neki član.
- Ne objavljujte fotografije ljudi bez njihove saglasnosti.

## Čuvajte sigurnost

- Ne prodajte, ne kupujte, ne nabavljajte i ne dogovarajte droge i ne pišite gdje ili
  kako se mogu nabaviti.
- Informacije o smanjenju štete su dobrodošle; uputstva koja korištenje čine opasnijim
  nisu.
- Dodajte upozorenje o sadržaju kada pišete o recidivu, predoziranju, samopovređivanju
  ili traumi.
- Ako je neko možda u opasnosti, prijavite objavu („Neko je možda u opasnosti“) i
  uputite ga na stranicu [Potrebna vam je pomoć odmah?](/help/).

## Organizacije

- Opisi programa iskreno predstavljaju stvarne programe, uključujući njihova
  ograničenja.
- Bez reklama, prikupljanja sredstava ili regrutovanja učesnika bez saglasnosti
  moderatora.

## Moderacija

Moderatori mogu sakriti objave, zadržati ih radi pregleda, zaključati teme i utišati
ili suspendovati račune. Autor je uvijek obaviješten o ishodu i razlogu. Ako se ne
slažete s odlukom, odgovorite na poruku obavještenja ili se obratite moderatorima; ne
raspravljajte o tome u javnim temama.
"""

PRIVACY_BS = """\
Mnogi članovi ovdje dijele podatke o svom zdravlju. Prikupljamo što manje možemo i
podatke čuvamo samo dok su potrebni.

## Šta čuvamo

- Vaš račun: korisničko ime (javno), adresu e-pošte (nikad se ne prikazuje), lozinku
  (čuva se kao jednosmjerni heš), zemlju i željeni jezik ako ih navedete, i vaše
  postavke (na primjer lako čitanje).
- Ono na šta ste pristali: koju verziju pravila zajednice ste prihvatili i, s datumom,
  svaki put kada ste uključili ili isključili e-poštu, vidljivost profila ili slične
  izbore.
- Ono što objavite: teme, odgovore, njihove ranije verzije, reakcije i prijave.
- Ono što pratite: teme, kategorije, oznake i organizacije koje pratite ili ste
  utišali.
- Vaša obavještenja, kako ih želite primati e-poštom i koje smo vam preglede poslali.
- Priče o oporavku i svjedočenja koja pošaljete i javne stavove koje potpišete.
- Povjerljive razgovore s moderatorom ili osobom za podršku.
- Članove koje ste blokirali.
- Za organizacije: prijavu za članstvo, spisak osoblja (i ko je osoba za podršku),
  opise programa i podršku koju daju javnim stavovima.
- Tehničke podatke: kolačić sesije koji vas drži prijavljenim, kratkotrajne brojače
  neuspjelih prijava, koji služe da spriječe pogađanje lozinki, i historiju vaših
  prijava s vremenom i internet adresom s koje su došle.

Bez reklama, bez analitike, bez praćenja i ništa se ne učitava s drugih sajtova.

## Koliko dugo ih čuvamo

- Historija vaših prijava i internet adrese u njoj: 30 dana, zatim se brišu.
- Račun čija adresa e-pošte nikad nije potvrđena: briše se nakon 14 dana.
- Povjerljivi razgovori: brišu se 180 dana nakon što se zatvore.
- Priča o oporavku koju povučete: naslov i tekst se brišu odmah.
- Spisak poruka e-pošte koje čekaju slanje: oko 30 dana. U njemu nema teksta objava.
- Sve ostalo: dok to ne obrišete ili ne obrišete svoj račun.

## Ko šta može vidjeti

- Vaš profil je privatan dok u postavkama ne izaberete drugačije.
- Kategorije samo za članove vide samo prijavljeni članovi.
- Pretraga pokazuje samo ono što već možete čitati. Skrivena ili obrisana objava se ne
  pronalazi.
- Kada kucate odgovor, drugi vide „neko kuca“, osim ako izaberete da se prikazuje vaše
  ime.
- Moderatori mogu vidjeti prijavljene objave i podatke potrebne da bi zaštitili
  članove. Član koji je prijavljen nikada ne saznaje ko ga je prijavio.

## Priče o oporavku i svjedočenja

- Priču ili svjedočenje drugi vide tek kada ih moderator pročita i odobri. Do tada ih
  vidite samo vi i moderatori.
- Vi birate kako je priča potpisana: vašim korisničkim imenom, samo imenom ili
  anonimno. Svjedočenje nosi ime koje vi izaberete ili ostaje anonimno.
- Bilježimo da ste dali saglasnost za objavljivanje i kada.
- Priču ili svjedočenje možete povući u bilo kojem trenutku. Tada odmah nestaje sa
  sajta.
- Kada potpišete javni stav, drugi vide samo broj potpisnika, a vaše korisničko ime
  samo ako izaberete da ga prikažete.
- Podršku javnim stavovima daju organizacije, ne članovi. Ime organizacije je javno.

## Povjerljivi razgovori

Moderator ili osoba za podršku iz organizacije članice može otvoriti povjerljivi
razgovor s vama, da vas pita kako ste. Mogu ga čitati samo vi i osoba koja ga je
otvorila. Drugi moderatori ga mogu čitati samo kada je dio slučaja moderacije. Možete
prijaviti poruku iz razgovora; tu poruku onda čita drugi moderator. Razgovor se briše
180 dana nakon što se zatvori ili kada obrišete svoj račun.

## Blokiranje

Člana možete blokirati s njegovog profila ili iz bilo koje njegove objave. Nakon toga
više ne vidite objave jedno drugog (svaka se prikazuje kao zatvoren red koji možete
otvoriti) i niko od vas ne može spomenuti, citirati ili obavijestiti drugog. Član to ne
saznaje. Moderatori mogu vidjeti da blokada postoji, ali ne i ko ju je napravio, a
blokada nikada ne zaustavlja moderatora.

## Vaša prava

- **Preuzmite svoje podatke** u bilo kojem trenutku, iz postavki, kao datoteku ili kao
  web-stranicu. Oni nikada ne otkrivaju ko vas je prijavio ili blokirao.
- **Pogledajte na šta ste pristali**, i kada, u postavkama.
- **Sakrijte svoje ime na ranijim objavama**, a da ne odete: objave napisane prije
  datuma koji izaberete tada prikazuju „član“ umjesto vašeg imena, kao i njihovi citati.
- **Obrišite svoj račun** u bilo kojem trenutku. Vi birate da li vaše objave ostaju,
  uz potpis „obrisani član“, ili se uklanjaju. Adresa e-pošte, profil i postavke se
  brišu u svakom slučaju, kao i vaše priče, svjedočenja i povjerljivi razgovori.
- Možete zatražiti od administratora da isprave bilo koji podatak o vama.

## E-pošta

Pišemo vam samo da bismo potvrdili vašu adresu, da biste mogli resetovati lozinku, da
bismo vas upozorili kada neko pokuša koristiti vašu adresu za drugi račun ili kada se
vaša adresa promijeni, da bismo vam poslali odluku moderacije o vama kada se ne možete
prijaviti da je pročitate i, ako to uključite, zbog vaših obavještenja. Za svaku vrstu
obavještenja vi birate: odmah, dnevni pregled, sedmični pregled ili nikad. Svaka takva
poruka ima link kojim je odjavljujete jednim klikom. Poruke nikada ne sadrže tekst
objava, a ni spisak poruka koje čekaju slanje.
"""

# Translations of the pages, by language; readers without one see the English page.
TRANSLATED_PAGES = {
    "it": {
        "help": ("Hai bisogno di aiuto ora?", HELP_IT),
        "guidelines": ("Linee guida della comunità", GUIDELINES_IT),
        "privacy": ("Privacy", PRIVACY_IT),
    },
    "sr-latn": {
        "help": ("Potrebna vam je pomoć odmah?", HELP_SR_LATN),
        "guidelines": ("Pravila zajednice", GUIDELINES_SR_LATN),
        "privacy": ("Privatnost", PRIVACY_SR_LATN),
    },
    "bs": {
        "help": ("Potrebna vam je pomoć odmah?", HELP_BS),
        "guidelines": ("Pravila zajednice", GUIDELINES_BS),
        "privacy": ("Privatnost", PRIVACY_BS),
    },
}

DEFAULT_PAGES = {
    "help": ("Need help now?", HELP),
    "guidelines": ("Community guidelines", GUIDELINES),
    "privacy": ("Privacy", PRIVACY),
}


# The first paragraph of the help page as it was, and as it is now: a migration updates
# the stored pages that still have the old one (112 is the EU's number, not everyone's).
HELP_112_CHANGES = {
    "en": (
        "**Call 112.** It is the free emergency number everywhere in the European Union, and it\nworks from any phone, also without credit. Say where you are and what is happening.\n",
        "**In the European Union, call 112.** It is the free emergency number in every EU\ncountry, and it works from any phone, also without credit. Say where you are and what is\nhappening. Outside the EU, call your country's emergency number: the crisis lines at the\nend of this page list those an administrator has checked.\n",
    ),
    "it": (
        "**Chiama il 112.** È il numero di emergenza gratuito in tutta l'Unione europea e funziona\nda qualsiasi telefono, anche senza credito. Di' dove ti trovi e cosa sta succedendo.\n",
        "**Nell'Unione europea chiama il 112.** È il numero di emergenza gratuito in ogni paese\ndell'UE e funziona da qualsiasi telefono, anche senza credito. Di' dove ti trovi e cosa\nsta succedendo. Fuori dall'UE chiama il numero di emergenza del tuo paese: le linee di\ncrisi in fondo a questa pagina elencano quelle verificate da un amministratore.\n",
    ),
    "sr-latn": (
        "**Pozovite 112.** To je besplatan broj za hitne slučajeve u celoj Evropskoj uniji i\nradi sa svakog telefona, i bez kredita. Recite gde ste i šta se dešava.\n",
        "**U Evropskoj uniji pozovite 112.** To je besplatan broj za hitne slučajeve u svakoj\nzemlji EU i radi sa svakog telefona, i bez kredita. Recite gde ste i šta se dešava.\nVan EU pozovite broj hitne pomoći svoje zemlje: linije za krizne situacije na kraju ove\nstranice navode one koje je administrator proverio.\n",
    ),
    "bs": (
        "**Pozovite 112.** To je besplatan broj za hitne slučajeve u cijeloj Evropskoj uniji i\nradi sa svakog telefona, i bez kredita. Recite gdje ste i šta se dešava.\n",
        "**U Evropskoj uniji pozovite 112.** To je besplatan broj za hitne slučajeve u svakoj\nzemlji EU i radi sa svakog telefona, i bez kredita. Recite gdje ste i šta se dešava.\nIzvan EU pozovite broj hitne pomoći svoje zemlje: linije za krizne situacije na kraju\nove stranice navode one koje je administrator provjerio.\n",
    ),
}
