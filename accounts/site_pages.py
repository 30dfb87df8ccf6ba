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

DEFAULT_PAGES = {
    "help": ("Need help now?", HELP),
    "guidelines": ("Community guidelines", GUIDELINES),
    "privacy": ("Privacy", PRIVACY),
}
