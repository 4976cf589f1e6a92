"""A realistic demo to try the desk on: today's annual conference and a course in progress.

Everything is invented: names, organisations (emails at example.* domains) and phone numbers
(Ofcom's drama range, 07700 900xxx). The build goes through the same public functions as the
desk does, so the waiting lists, promotions and attendance marks are the real ones.
Deterministic for a seed and a `now`; ticket codes stay random, as they must.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from .core import attendance, checkin, dates, events, registrations
from .core.errors import CoprodError
from .core.store import Store, demo_db_path
from .core.text import ascii_fold, plural

TZ = "Europe/London"
CONFERENCE_TITLE = "Co-producing Change: Annual Conference {year}"
COURSE_TITLE = "Co-production in Practice: 6-week course"
_DEMO_TITLES = re.compile(r"Co-producing Change: Annual Conference \d{4}|" + re.escape(COURSE_TITLE))
CONFERENCE_PEOPLE = 134  # not counting PAs; the event holds fewer, so some wait
CONFERENCE_CAPACITY = 123
CONFERENCE_CANCELLATIONS = 7  # confirmed people who cancel (their places go to the waiting list)
COURSE_CAPACITY = 20
COURSE_REUSED = 9  # conference people who are also on the course (matched by email)
COURSE_NEW = 10
COURSE_PROFILES = ("steady",) * 9 + ("one_missed",) * 5 + ("patchy",) * 2 + ("dropped", "late_joiner")
NO_CONSENT = 5  # registered without recording consent (and so without needs)
OPERATORS = {"Front desk": ("amira", "tom"), "Side door": ("bea",)}  # who scans at each desk
ROOM_STEWARDS = ("jo", "kwame")
COURSE_TUTOR = "nadia"
DEMO_CHECKIN_HOURS = 24  # either side of the conference's hours (the most an event allows)
SIDE_DOOR_NEEDS = {"step_free", "wheelchair_space", "assistance_dog", "drop_off"}


@dataclass(frozen=True)
class DemoSummary:
    """What build_demo made. Registration counts are for the conference unless named course_."""

    day: str  # the conference day in Europe/London, as an ISO date (JSON-ready)
    conference_slug: str
    conference_title: str
    venue: str
    course_slug: str
    course_title: str
    people: int
    registrations: int  # both events, every status
    confirmed: int  # taking a place (PAs and supporters do not)
    pas: int
    waitlisted: int
    cancelled: int
    promoted: int  # moved from the event's waiting list by a cancellation
    with_access_needs: int
    without_consent: int
    conference_sessions: int
    workshops: int
    workshops_full: int
    session_waitlisted: int  # confirmed people waiting for a place in a full workshop
    checked_in: int
    on_site: int
    course_sessions: int
    course_sessions_held: int
    course_learners: int
    course_withdrawn: int
    course_eligible: int


def summary_lines(summary: DemoSummary) -> list[str]:
    """The summary as a few plain lines for a terminal."""
    s = summary
    day = date.fromisoformat(s.day)
    to_come = s.course_sessions - s.course_sessions_held
    return [
        f"Demo for {day:%a} {day.day} {day:%b %Y} (Europe/London).",
        f"Conference: {s.conference_title} [{s.conference_slug}]",
        f"  Today 09:00 to 17:00 at {s.venue}; its desk checks people in at any hour, to try it.",
        f"  {s.confirmed} confirmed (+{plural(s.pas, 'PA or supporter', 'PAs or supporters')}), "
        f"{s.waitlisted} on the waiting list, "
        f"{s.cancelled} cancelled ({s.promoted} promoted from the waiting list).",
        f"  {plural(s.conference_sessions, 'session')}: a plenary and {plural(s.workshops, 'workshop')}; "
        f"{plural(s.workshops_full, 'workshop')} full, with "
        f"{plural(s.session_waitlisted, 'person', 'people')} waiting for a place.",
        f"  {plural(s.with_access_needs, 'person', 'people')} with access needs recorded; "
        f"{s.without_consent} registered without consent.",
        f"  {s.checked_in} checked in so far, {s.on_site} on site now.",
        f"Course: {s.course_title} [{s.course_slug}]",
        f"  {plural(s.course_sessions, 'weekly session')} "
        f"({s.course_sessions_held} held, {to_come} to come); "
        f"{plural(s.course_learners, 'learner')} ({s.course_withdrawn} withdrew), "
        f"{s.course_eligible} eligible for a certificate so far.",
        f"People: {s.people} in all, {plural(s.registrations, 'registration')}.",
    ]


# --- Invented people -------------------------------------------------------------------------

# (weight, first names as "Name:f|m|n" with "_" for a space, surnames; "A/B" is a
# masculine/feminine pair). Groups keep first names and surnames that belong together.
_NAME_GROUPS = (
    (40, "Sarah:f James:m Emma:f David:m Helen:f Paul:m Claire:f Mark:m Rachel:f Andrew:m Joanne:f "
         "Gary:m Lisa:f Stephen:m Karen:f Tom:m Hannah:f Chris:n Sam:n Alex:n Jordan:n Charlotte:f "
         "Oliver:m Amelia:f Jack:m Megan:f Daniel:m Lucy:f Ben:m Beth:f Gemma:f Craig:m Dawn:f "
         "Trevor:m Pauline:f Jean:f Barry:m Linda:f Nathan:m Jade:f Kirsty:f Liam:m Robyn:n "
         "Elizabeth:f Margaret:f Christopher:m Rebecca:f Jonathan:m Alexander:m Jess:f Frankie:n",
     "Smith Jones Taylor Brown Wilson Evans Thomas Johnson Roberts Walker Wright Robinson Thompson "
     "White Edwards Green Hall Wood Harris Jackson Turner Hill Moore Cooper Ward Morris King Baker "
     "Harrison Lewis Kelly Pearson Barker Holloway Whitworth Sutcliffe Marsden Haworth Dixon Shaw"),
    (4, "Rhys:m Ffion:f Cerys:f Dafydd:m Gareth:m Siân:f Bethan:f Owain:m Nia:f",
     "Llewellyn Pritchard Hughes Powell Prosser Griffiths Morgan Vaughan"),
    (6, "Eilidh:f Mhairi:f Ruairidh:m Callum:m Fraser:m Isla:f Morag:f Euan:m Kirsteen:f",
     "MacLeod Campbell Stewart McKenzie Sinclair Robertson Ross Munro"),
    (7, "Siobhán:f Aoife:f Niamh:f Ciarán:m Seán:m Róisín:f Declan:m Orla:f Eoin:m",
     "O'Connell Murphy Byrne Doherty Quinn McCarthy Kavanagh Ó_Briain/Ní_Bhriain"),
    (7, "Imran:m Ayesha:f Nusrat:f Farhana:f Mohammed:m Zainab:f Asif:m Bilal:m Shabana:f "
        "Rukhsana:f Tahmina:f Shahid:m",
     "Hussain/Begum Rahman Khan Ahmed Siddiqui Chowdhury Ali Bhatti Iqbal Miah/Khatun"),
    (4, "Priya:f Ravi:m Sunita:f Arjun:m Sanjay:m Anjali:f Kiran:n Hema:f Nikhil:m",
     "Patel Sharma Mistry Desai Joshi Parmar Shah"),
    (3, "Harpreet:n Jaswinder:n Amrit:n Gurpreet:n Manjit:n Simran:f Ranjit:m",
     "Singh/Kaur Sandhu Gill Dhillon Bains Johal"),
    (4, "Chidi:m Adaeze:f Tunde:m Folake:f Oluwaseun:m Kemi:f Chiamaka:f Blessing:f Emeka:m",
     "Okafor Adeyemi Eze Bello Okoro Afolabi Nwosu Okonkwo"),
    (2, "Abena:f Kwame:m Kofi:m Yaw:m Esi:f Akosua:f",
     "Mensah Asante Boateng Owusu Appiah"),
    (4, "Desmond:m Winston:m Janelle:f Tyrone:m Precious:f Leroy:m Paulette:f Marlon:m Shanice:f",
     "Campbell Francis Williams Grant Clarke Reid Bailey Thomas"),
    (3, "Amina:f Faisal:m Ifrah:f Mahad:m Abdirahman:m Sagal:f",
     "Warsame Hassan Farah Osman Yusuf Abdi"),
    (3, "Mei_Ling:f Wei:n Jia_Hui:f Ka_Yan:f Chi_Wai:m Xin:n",
     "Chan Zhang Wong Lee Liu Cheung"),
    (1, "Thảo:f Minh:n Linh:f Quang:m", "Nguyễn Trần Phạm Lê"),
    (3, "Łukasz:m Katarzyna:f Agnieszka:f Tomasz:m Piotr:m Małgorzata:f Paweł:m Zofia:f",
     "Nowak Wiśniewski/Wiśniewska Kowalski/Kowalska Zieliński/Zielińska Wójcik Kamiński/Kamińska"),
    (1, "Ioana:f Andrei:m Elena:f", "Popescu Ionescu Dumitru"),
    (1, "Oksana:f Dmytro:m Iryna:f", "Kovalenko Shevchenko Bondarenko"),
    (1, "Rūta:f Mindaugas:m", "Kazlauskas/Kazlauskienė Petrauskas/Petrauskienė"),
    (1, "Giulia:f Marco:m Chiara:f", "Rossi Esposito Romano"),
    (1, "Eleni:f Nikolaos:m Sofia:f", "Papadopoulos/Papadopoulou Georgiou"),
    (1, "José:m Inês:f Ana:f João:m", "Martínez Ferreira Costa Santos"),
    (1, "Anaïs:f Renée:f Zoë:f Chloë:f Noël:m", "Dubois Moreau Lefèvre"),
    (2, "Zeynep:f Emre:m Yusuf:m Layla:f Noor:n Karim:m Leila:f Omar:m",
     "Yılmaz Demir Haddad Karimi Aziz Kaya"),
)
_ENGLISH_SURNAMES = _NAME_GROUPS[0][2]
_PREFERRED = {
    "Elizabeth": "Liz", "Margaret": "Maggie", "Christopher": "Chris", "Rebecca": "Becky",
    "Jonathan": "Jon", "Alexander": "Alex", "Oluwaseun": "Seun", "Katarzyna": "Kasia",
    "Małgorzata": "Gosia", "Mohammed": "Mo", "Abdirahman": "Abdi", "Ruairidh": "Rory",
    "Nikolaos": "Nikos", "Adaeze": "Ada", "Jaswinder": "Jas",
}
_PRONOUNS = {"f": ("she/her",) * 6 + ("she/they",), "m": ("he/him",) * 6 + ("he/they",),
             "n": ("they/them", "they/them", "she/her", "he/him")}


@dataclass(frozen=True)
class _Org:
    name: str
    domain: str


_ORGS = {
    "nhs": (_Org("Northbridge and Calder Mental Health NHS Foundation Trust", "example.nhs.uk"),
            _Org("Pennine Vale NHS Foundation Trust", "example.nhs.uk"),
            _Org("Riverside Community Health NHS Trust", "example.nhs.uk")),
    "uni": (_Org("University of Northbridge", "northbridge.example.ac.uk"),
            _Org("Kingsmoor University", "kingsmoor.example.ac.uk"),
            _Org("Westgate Metropolitan University", "westgate.example.ac.uk")),
    "peer": (_Org("Lantern Peer Support", "lanternpeers.example.org"),
             _Org("Northbridge Recovery College", "recoverycollege.example.org")),
    "carers": (_Org("Harbour Carers Network", "harbourcarers.example.org"),),
    "community": (_Org("Open Minds Community Trust", "openminds.example.org"),
                  _Org("Sanctuary Refugee Wellbeing Project", "sanctuarywellbeing.example.org"),
                  _Org("Rainbow Roots LGBTQ+ Support", "rainbowroots.example.org"),
                  _Org("Ubuntu Wellbeing Collective", "ubuntuwellbeing.example.org"),
                  _Org("Weaver Street Housing Trust", "weaverstreet.example.org")),
    "council": (_Org("Northbridge City Council Adult Social Care", "northbridge.example.gov.uk"),),
}
_CENTRE = _Org("Centre for Co-production, University of Northbridge", "northbridge.example.ac.uk")
_PA_AGENCY = _Org("Independent Living Support Northbridge", "ilsn.example.org")
_PERSONAL_DOMAINS = ("example.com", "example.net", "example.org")
_ORG_CHOICE = {  # where people in each role tend to work (None: no organisation given)
    "expert_by_experience": (None, None, "peer", "community"),
    "carer": (None, "carers", "carers"),
    "peer_worker": ("peer", "nhs"),
    "lived_experience_researcher": ("uni",),
    "professional": ("nhs", "nhs", "council", "community"),
    "academic": ("uni",),
    "student": ("uni",),
    "community": ("community",),
}
_PRIMARY_ROLES = (("expert_by_experience", 30), ("carer", 12), ("peer_worker", 12),
                  ("professional", 18), ("academic", 9), ("student", 9), ("community", 7),
                  ("lived_experience_researcher", 3))
_DUAL_ROLES = {
    "expert_by_experience": ("lived_experience_researcher", "peer_worker", "student", "carer"),
    "carer": ("professional", "community", "expert_by_experience"),
    "peer_worker": ("expert_by_experience",),
    "professional": ("expert_by_experience", "carer"),
    "academic": ("expert_by_experience", "carer"),
    "student": ("expert_by_experience", "carer"),
    "community": ("carer", "expert_by_experience"),
    "lived_experience_researcher": ("expert_by_experience",),
}
_PAID_ROLES = {"expert_by_experience", "carer", "lived_experience_researcher"}
_NEED_BUNDLES = (  # adjustments that tend to come together, with weights
    (("step_free", "lift"), 5), (("wheelchair_space", "step_free", "accessible_toilet"), 3),
    (("seat_front_aisle",), 6), (("chair_with_arms", "regular_breaks"), 4), (("parking",), 3),
    (("hearing_loop", "seat_front_aisle"), 3), (("captioning",), 2), (("large_print=18pt",), 3),
    (("large_print=24pt", "electronic_copy"), 1), (("electronic_copy",), 3), (("easy_read",), 2),
    (("plain_english",), 3), (("quiet_room", "leave_and_rejoin"), 6), (("regular_breaks",), 4),
    (("leave_and_rejoin",), 3), (("scent_free",), 1), (("no_photography",), 4),
    (("gender_neutral_toilet",), 2), (("charging_point",), 1), (("contact_email",), 1),
    (("language_interpreter=Arabic",), 1), (("language_interpreter=Cantonese",), 1),
    (("other=A seat near the door, please",), 1), (("drop_off", "step_free"), 1),
)
_DIETS = (("diet_vegetarian", 6), ("diet_vegan", 3), ("diet_halal", 3), ("diet_gluten_free", 2),
          ("diet_dairy_free", 1), ("diet_kosher", 1), ("allergy=sesame (moderate)", 1),
          ("allergy=shellfish (severe)", 1))
_ACCESS_NOTES = (
    "Arriving by taxi around 09:15: please meet at the drop-off point.",
    "Finds crowded queues hard: happy to wait somewhere quieter.",
    "Would like the slides a week before, if possible.",
    "May need to step out during the plenary.",
)
_ROLE_NOTES = (
    "Member of the Centre's Lived Experience Advisory Panel.",
    "Co-chair of the carers' reference group.",
    "Involvement payment by bank transfer, please.",
)
_SCRIPTED_PHONES = {111, 222, 333}  # 07700 900xxx numbers the scripted people have

@dataclass(frozen=True)
class _Spec:
    """One person to register, with what they tell us."""
    name: str
    email: str | None
    gender: str = "n"
    preferred_name: str | None = None
    pronouns: str | None = None
    phone: str | None = None
    organisation: str | None = None
    roles: tuple[str, ...] = ()
    access: tuple[str, ...] = ()
    access_notes: str | None = None
    role_notes: str | None = None
    dietary: str | None = None
    consent: bool = True
    payment_eligible: bool = False
    morning: str | None = None  # workshop key, for scripted people
    afternoon: str | None = None
    pa: _Spec | None = None
    facilitates: str | None = None


@dataclass
class _People:
    """Draws unique invented names, emails and phone numbers."""
    rng: random.Random
    names: set[str] = field(default_factory=set)
    emails: set[str] = field(default_factory=set)
    phones: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.phones = self.rng.sample([n for n in range(1000) if n not in _SCRIPTED_PHONES], 400)

    def phone(self) -> str:
        return f"07700 900{self.phones.pop():03d}"

    def email(self, first: str, surname: str, domain: str, *, work: bool) -> str:
        first = _ascii(first).lower().replace(" ", "")
        last = _ascii(surname).lower().replace(" ", "")
        forms = ([f"{first}.{last}"] if work else
                 [f"{first}.{last}", f"{first}{last}", f"{first[0]}{last}", f"{first}_{last[0]}"])
        candidate = f"{self.rng.choice(forms)}@{domain}"
        n = 2
        while candidate in self.emails:
            candidate = f"{forms[0]}{n}@{domain}"
            n += 1
        self.emails.add(candidate)
        return candidate

    def claim(self, spec: _Spec) -> _Spec:
        if spec.name in self.names:
            raise ValueError(f"demo name used twice: {spec.name}")
        self.names.add(spec.name)
        if spec.email:
            self.emails.add(spec.email)
        return spec

    def name(self) -> tuple[str, str, str]:
        """(first name, surname, gender) not used before."""
        while True:
            _, firsts, surnames = self.rng.choices(_NAME_GROUPS, weights=[g[0] for g in _NAME_GROUPS])[0]
            first, gender = self.rng.choice(firsts.split()).split(":")
            first = first.replace("_", " ")
            if self.rng.random() < 0.06:  # a married or adopted name
                surnames = _ENGLISH_SURNAMES
            surname = self._surname(surnames, gender)
            if self.rng.random() < 0.05 and " " not in surname:
                surname = f"{surname}-{self._surname(surnames, gender)}"
            name = f"{first} {surname}"
            if name not in self.names and first not in surname:
                self.names.add(name)
                return first, surname, gender

    def _surname(self, surnames: str, gender: str) -> str:
        pick = self.rng.choice(surnames.split()).replace("_", " ")
        if "/" in pick:
            masculine, feminine = pick.split("/")
            return feminine if gender == "f" or (gender == "n" and self.rng.random() < 0.5) else masculine
        return pick


def _ascii(text: str) -> str:
    return "".join(ch for ch in ascii_fold(text) if ch.isalnum() or ch in " -")


def _generated_person(rng: random.Random, pool: _People, *, roles_from=_PRIMARY_ROLES) -> _Spec:
    first, surname, gender = pool.name()
    name = f"{first} {surname}"
    primary = rng.choices([r for r, _ in roles_from], weights=[w for _, w in roles_from])[0]
    roles = {primary}
    if rng.random() < 0.25:
        roles.add(rng.choice(_DUAL_ROLES[primary]))
    kind = rng.choice(_ORG_CHOICE[primary])
    org = rng.choice(_ORGS[kind]) if kind else None
    work_domain = org.domain if org is not None and rng.random() < 0.8 else None
    email = pool.email(first, surname, work_domain or rng.choice(_PERSONAL_DOMAINS),
                       work=work_domain is not None)
    access: list[str] = []
    if rng.random() < 0.16:
        access += rng.choices([b for b, _ in _NEED_BUNDLES], weights=[w for _, w in _NEED_BUNDLES])[0]
    if rng.random() < 0.1:
        access.append(rng.choices([d for d, _ in _DIETS], weights=[w for _, w in _DIETS])[0])
    has_needs = bool(access)
    return _Spec(
        name=name, email=email, gender=gender,
        preferred_name=_PREFERRED.get(first) if rng.random() < 0.7 else None,
        pronouns=rng.choice(_PRONOUNS[gender]) if rng.random() < 0.45 else None,
        phone=pool.phone() if rng.random() < 0.6 else None,
        organisation=org.name if org else None, roles=tuple(sorted(roles)),
        access=tuple(dict.fromkeys(access)),
        access_notes=rng.choice(_ACCESS_NOTES) if has_needs and rng.random() < 0.15 else None,
        role_notes=rng.choice(_ROLE_NOTES) if rng.random() < 0.05 else None,
        dietary="No mushrooms, please." if rng.random() < 0.02 else None,
        payment_eligible=bool(roles & _PAID_ROLES) and "staff" not in roles and rng.random() < 0.85,
    )


def _scripted_people(pool: _People) -> list[_Spec]:
    """People the demo relies on: accents in names, interpreters, PAs, assisted evacuation."""
    nhs, uni, peer, carers, community, council = (
        _ORGS["nhs"], _ORGS["uni"], _ORGS["peer"], _ORGS["carers"], _ORGS["community"], _ORGS["council"])

    def pa(name: str, gender: str, pronouns: str) -> _Spec:
        first, surname = name.split()
        return pool.claim(_Spec(name, pool.email(first, surname, _PA_AGENCY.domain, work=True), gender,
                                pronouns=pronouns, organisation=_PA_AGENCY.name, roles=("pa_supporter",)))

    people = [
        _Spec("Ngozi Okonkwo-Adeyemi", "ngozi.okonkwo-adeyemi@lanternpeers.example.org", "f",
              pronouns="she/her", organisation=peer[0].name,
              roles=("expert_by_experience", "lived_experience_researcher", "speaker"),
              access=("seat_front_aisle", "large_print=18pt"), role_notes="Opening plenary panel.",
              payment_eligible=True, morning="A", afternoon="C"),
        _Spec("Siobhán O'Connell", "siobhan.oconnell@example.nhs.uk", "f", pronouns="she/her",
              organisation=nhs[1].name, roles=("carer", "professional"),
              access=("allergy=peanuts (severe)",),
              access_notes="Carries an adrenaline auto-injector.", morning="B", afternoon="D"),
        _Spec("Łukasz Nowak", "lukasz.nowak@lanternpeers.example.org", "m", pronouns="he/him",
              organisation=peer[0].name, roles=("peer_worker", "speaker"),
              role_notes="Co-facilitating Workshop C.", afternoon="C", facilitates="C"),
        _Spec("Halina Kowalczyk", "halina.k@example.com", "f", phone="07700 900111",
              roles=("expert_by_experience",), access=("language_interpreter=Polish", "contact_phone"),
              payment_eligible=True, morning="B"),
        _Spec("Zoë Hartley", "zoe.hartley@northbridge.example.ac.uk", "f", pronouns="she/they",
              organisation=uni[0].name, roles=("expert_by_experience", "student"),
              access=("quiet_room", "leave_and_rejoin", "diet_vegan"), payment_eligible=True,
              morning="A", afternoon="D"),
        _Spec("Devendra Chauhan", "dev.chauhan@example.net", "m", preferred_name="Dev",
              pronouns="he/him", phone="07700 900222", roles=("community", "expert_by_experience"),
              access=("wheelchair_space", "step_free", "accessible_toilet", "assisted_evacuation",
                      "pa_attending"),
              payment_eligible=True, morning="B", afternoon="D", pa=pa("Kieran Walsh", "m", "he/him")),
        _Spec("Aoife Gallagher", "aoife.gallagher@example.nhs.uk", "f", pronouns="she/her",
              organisation=nhs[2].name, roles=("professional",),
              access=("bsl", "seat_front_aisle", "no_photography"), morning="A", afternoon="C"),
        _Spec("Rhiannon Price", "rhiannon.price@kingsmoor.example.ac.uk", "f", pronouns="she/her",
              organisation=uni[1].name, roles=("academic", "lived_experience_researcher"),
              access=("assistance_dog", "electronic_copy", "audio_format", "pa_attending"),
              morning="B", afternoon="C", pa=pa("Cerys Pritchard", "f", "she/her")),
        _Spec("Jamie Robertson", "jamie.robertson@openminds.example.org", "m", pronouns="he/him",
              organisation=community[0].name, roles=("expert_by_experience",),
              access=("easy_read", "pa_attending", "regular_breaks"), payment_eligible=True,
              afternoon="D", pa=pa("Fatima Begum", "f", "she/her")),
        _Spec("Gwenllian Llewellyn-Jones", "gwen.lj@harbourcarers.example.org", "f",
              preferred_name="Gwen", organisation=carers[0].name, roles=("carer",),
              access=("hearing_loop", "large_print=24pt", "chair_with_arms", "parking"),
              payment_eligible=True, afternoon="C"),
        _Spec("Oluwaseun Bello", "seun.bello@example.nhs.uk", "m", preferred_name="Seun",
              pronouns="he/him", organisation=nhs[0].name, roles=("peer_worker", "speaker"),
              role_notes="Facilitating Workshop B.", morning="B", afternoon="D", facilitates="B"),
        _Spec("Mohammed Rahman", "mo.rahman@northbridge.example.gov.uk", "m", preferred_name="Mo",
              pronouns="he/him", organisation=council[0].name, roles=("professional",),
              access=("diet_halal",), afternoon="C"),
        _Spec("Thảo Nguyễn", "thao.nguyen@westgate.example.ac.uk", "f", organisation=uni[2].name,
              roles=("student",), consent=False, morning="A", afternoon="D"),
        _Spec("Pádraig Ó Súilleabháin", "padraig.osuilleabhain@northbridge.example.ac.uk", "m",
              pronouns="he/him", organisation=uni[0].name, roles=("academic", "speaker"),
              role_notes="Chairing the opening plenary.", morning="A"),
        _Spec("Hodan Abdi", "hodan.abdi@sanctuarywellbeing.example.org", "f", pronouns="she/her",
              organisation=community[1].name, roles=("carer", "community"),
              access=("language_interpreter=Somali", "diet_halal"), payment_eligible=True,
              morning="B"),
        _Spec("Marjorie Ellison", None, "f", preferred_name="Marj", phone="07700 900333",
              roles=("expert_by_experience",),
              access=("pa_attending", "chair_with_arms", "step_free", "assisted_evacuation",
                      "contact_post"),
              payment_eligible=True, morning="B", pa=pa("Shauna Doyle", "f", "she/her")),
        _Spec("Tariq Mahmood", "tariq.mahmood@example.com", "m", pronouns="he/him",
              roles=("expert_by_experience", "peer_worker"),
              access=("pa_attending", "quiet_room", "regular_breaks"), payment_eligible=True,
              afternoon="D", pa=pa("Ben Ashworth", "m", "he/him")),
        _Spec("Eilidh MacLeod", "eilidh.macleod@example.org", "f", pronouns="she/her",
              roles=("lived_experience_researcher", "expert_by_experience"),
              access=("pa_attending", "wheelchair_space", "step_free", "drop_off"),
              payment_eligible=True, morning="B", afternoon="D", pa=pa("Ruth Ashworth", "f", "she/her")),
        _Spec("Marcia Thompson", "marcia.thompson@example.net", "f", pronouns="she/her",
              roles=("expert_by_experience", "lived_experience_researcher", "speaker"),
              role_notes="Facilitating Workshop A.", payment_eligible=True, morning="A",
              facilitates="A"),
        _Spec("Ioana Popescu", "ioana.popescu@kingsmoor.example.ac.uk", "f", pronouns="she/her",
              organisation=uni[1].name, roles=("academic", "speaker"),
              role_notes="Facilitating Workshop D.", afternoon="D", facilitates="D"),
        _Spec("Priya Sharma", "priya.sharma@northbridge.example.ac.uk", "f", pronouns="she/her",
              organisation=_CENTRE.name, roles=("staff", "speaker"),
              role_notes="Welcome and housekeeping."),
    ]
    return [pool.claim(spec) for spec in people]


# --- The conference ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _Workshop:
    key: str
    title: str
    room: str
    capacity: int
    starts: time
    ends: time
    weight: float  # how many people want it


_WORKSHOPS = (
    _Workshop("A", "Workshop A: Sharing power in everyday practice", "Seminar Room 1.04", 30,
              time(11, 30), time(13, 0), 0.55),
    _Workshop("B", "Workshop B: Peer support and crisis care", "Lecture Theatre 2", 75,
              time(11, 30), time(13, 0), 0.45),
    _Workshop("C", "Workshop C: Involvement payments without losing benefits", "Room 2.12", 24,
              time(14, 0), time(15, 30), 0.5),
    _Workshop("D", "Workshop D: Creative and arts-based co-production", "Studio 3", 70,
              time(14, 0), time(15, 30), 0.5),
)


@dataclass(frozen=True)
class _Registered:
    spec: _Spec
    registration_id: int
    code: str
    person_id: int


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=dates.zone(TZ))


def _minutes(rng: random.Random, low: float, high: float, mode: float | None = None) -> timedelta:
    value = rng.triangular(low, high, mode) if mode is not None else rng.uniform(low, high)
    return timedelta(seconds=round(value * 60))


def _register(store: Store, event_id: int, spec: _Spec, *, sessions=(), pa_for: int | None = None
              ) -> _Registered:
    result = registrations.register(
        store, event_id, spec.name, email=spec.email, preferred_name=spec.preferred_name,
        pronouns=spec.pronouns, phone=spec.phone, organisation=spec.organisation, roles=spec.roles,
        access=spec.access, access_notes=spec.access_notes, role_notes=spec.role_notes,
        dietary=spec.dietary, consent=spec.consent, sessions=sessions, pa_for=pa_for,
        payment_eligible=spec.payment_eligible)
    reg = result.registration
    return _Registered(spec, reg.id, result.code, reg.person.id)


def _choose_workshop(rng: random.Random, slot: tuple[_Workshop, ...], booked: Counter) -> _Workshop:
    """First choice by popularity; when it is full, most people pick the other one."""
    first = rng.choices(slot, weights=[w.weight for w in slot])[0]
    if booked[first.key] < first.capacity:
        return first
    other = next(w for w in slot if w is not first)
    if booked[other.key] < other.capacity and rng.random() < 0.6:
        return other
    return first  # joins the workshop's waiting list


def _build_conference(store: Store, rng: random.Random, pool: _People, day: date):
    venue = "Ash Court Building, University of Northbridge"
    conference = events.add_event(
        store, CONFERENCE_TITLE.format(year=day.year), kind="conference",
        starts=_local(day, 9), ends=_local(day, 17), capacity=CONFERENCE_CAPACITY, venue=venue, tz=TZ,
        # Check-in open the whole day and evening: a newcomer can try the desk at any hour.
        checkin_opens_minutes=DEMO_CHECKIN_HOURS * 60, checkin_closes_minutes=DEMO_CHECKIN_HOURS * 60)
    events.add_session(store, conference.id, "Opening plenary: Nothing about us without us",
                       starts=_local(day, 9, 30), ends=_local(day, 11), room="Great Hall")
    workshops = {}
    for w in _WORKSHOPS:
        workshops[w.key] = events.add_session(
            store, conference.id, w.title, starts=_local(day, w.starts.hour, w.starts.minute),
            ends=_local(day, w.ends.hour, w.ends.minute), room=w.room, capacity=w.capacity,
            booking_required=True)

    scripted = _scripted_people(pool)
    generated = [_generated_person(rng, pool) for _ in range(CONFERENCE_PEOPLE - len(scripted))]
    # Three people registered by phone, with no email.
    phone_only = set(rng.sample(range(len(generated)), 3))
    for i in phone_only:
        spec = generated[i]
        pool.emails.discard(spec.email)
        generated[i] = replace(spec, email=None, phone=spec.phone or pool.phone(),
                               access=spec.access + (rng.choice(("contact_phone", "contact_post")),))
    no_consent = [i for i, s in enumerate(generated) if i not in phone_only and not s.access
                  and not s.access_notes and not s.role_notes and not s.dietary]
    for i in rng.sample(no_consent, NO_CONSENT - sum(not s.consent for s in scripted)):
        generated[i] = replace(generated[i], consent=False)
    order: list[_Spec] = generated[:]
    for spec in scripted:  # scripted people register early enough to get a place
        order.insert(rng.randrange(0, 40), spec)

    booked: Counter = Counter()
    registered: list[_Registered] = []
    pas: list[_Registered] = []
    slots = (_WORKSHOPS[:2], _WORKSHOPS[2:])
    for spec in order:
        keys = []
        if spec in scripted:
            keys = [k for k in (spec.morning, spec.afternoon) if k]
        else:
            for slot, share in zip(slots, (0.8, 0.75), strict=True):
                if rng.random() < share:
                    keys.append(_choose_workshop(rng, slot, booked).key)
        reg = _register(store, conference.id, spec, sessions=[workshops[k].id for k in keys])
        for booking in registrations.get_registration(store, reg.registration_id).bookings:
            if booking.status == "confirmed":
                booked[next(k for k, s in workshops.items() if s.id == booking.session_id)] += 1
        registered.append(reg)
        if spec.pa:
            pas.append(_register(store, conference.id, spec.pa, pa_for=reg.registration_id))
    return conference, workshops, scripted, registered, pas


def _cancel_some(store: Store, rng: random.Random, registered: list[_Registered], scripted: list[_Spec],
                 workshops: dict) -> tuple[set[int], int]:
    """Some confirmed people cancel (freeing places in full workshops too), and one person on
    the waiting list says they cannot come after all."""
    full = {workshops["A"].id, workshops["C"].id}
    candidates: dict[str, list[_Registered]] = {"full": [], "other": [], "waiting": []}
    for reg in registered:
        if reg.spec in scripted:
            continue
        current = registrations.get_registration(store, reg.registration_id)
        if current.status == "waitlisted":
            candidates["waiting"].append(reg)
        elif any(b.session_id in full and b.status == "confirmed" for b in current.bookings):
            candidates["full"].append(reg)
        else:
            candidates["other"].append(reg)
    from_full = min(3, len(candidates["full"]))
    chosen = rng.sample(candidates["full"], from_full) + rng.sample(
        candidates["other"], CONFERENCE_CANCELLATIONS - from_full)
    promoted = 0
    for reg in chosen:
        promoted += len(registrations.cancel(store, reg.registration_id).promoted)
    waiting = [r for r in candidates["waiting"]
               if registrations.get_registration(store, r.registration_id).status == "waitlisted"]
    if len(waiting) > 1:
        late_cancel = rng.choice(waiting[1:])
        registrations.cancel(store, late_cancel.registration_id)
        chosen.append(late_cancel)
    return {r.registration_id for r in chosen}, promoted


@dataclass(order=True)
class _Scan:
    at: datetime
    seq: int
    code: str = field(compare=False)
    station: str | None = field(compare=False, default=None)
    session_id: int | None = field(compare=False, default=None)
    direction: str = field(compare=False, default=checkin.ENTRY)
    expect: str = field(compare=False, default=checkin.OK)
    force: bool = field(compare=False, default=False)


def _plan_conference_day(store: Store, rng: random.Random, day: date, conference_id: int,
                         workshops: dict, registered: list[_Registered], pas: list[_Registered],
                         scripted: list[_Spec]) -> list[_Scan]:
    """The whole day's scans as planned; build_demo keeps those before `now`. The scripted
    people all come, early, so the desk has their access needs and PAs to show."""
    scans: list[_Scan] = []

    def add(at: datetime, code: str, **kwargs) -> None:
        scans.append(_Scan(at, len(scans), code, **kwargs))

    by_id = {w.id: key for key, w in workshops.items()}
    pa_of = {}
    for pa in pas:
        pa_of[registrations.get_registration(store, pa.registration_id).pa_for_registration_id] = pa
    opens = _local(day, 8, 30)
    door_times: dict[int, datetime] = {}
    morning_in: list[tuple[_Registered, int]] = []
    for reg in registered:
        current = registrations.get_registration(store, reg.registration_id)
        if current.status != "confirmed":
            continue
        is_scripted = reg.spec in scripted
        if not is_scripted and rng.random() < 0.1:
            continue  # did not come
        roll = rng.random()
        if reg.spec.facilitates or "speaker" in reg.spec.roles:
            arrival = opens + _minutes(rng, 2, 25)
        elif roll < 0.8 or is_scripted:
            arrival = opens + _minutes(rng, 2, 62, 28)
        elif roll < 0.92:
            arrival = opens + _minutes(rng, 65, 135)
        else:
            arrival = opens + _minutes(rng, 250, 325)  # afternoon only, 12:40 to 13:55
        needs = {code.partition("=")[0] for code in reg.spec.access}
        station = "Side door" if needs & SIDE_DOOR_NEEDS or rng.random() < 0.15 else "Front desk"
        add(arrival, reg.code, station=station)
        door_times[reg.registration_id] = arrival
        if reg.registration_id in pa_of:
            add(arrival + _minutes(rng, 0.2, 1.5), pa_of[reg.registration_id].code, station=station)
        leaves_at_lunch = rng.random() < 0.06 and not reg.spec.facilitates
        for booking in current.bookings:
            if booking.status != "confirmed":
                continue
            key = by_id[booking.session_id]
            start = _local(day, 11, 30) if key in "AB" else _local(day, 14)
            if arrival > start + timedelta(minutes=30) or (leaves_at_lunch and key in "CD"):
                continue
            if reg.spec.facilitates == key:
                at = start - _minutes(rng, 35, 45)
            elif rng.random() < 0.08:
                continue  # went to the quiet room instead
            elif rng.random() < 0.9:
                at = start - _minutes(rng, -4, 14, 5)
            else:
                at = start + _minutes(rng, 12, 35)
            add(max(at, arrival + timedelta(minutes=1)), reg.code, station=workshops[key].room,
                session_id=booking.session_id)
            if key in "AB" and not reg.spec.facilitates:
                morning_in.append((reg, booking.session_id))
        if leaves_at_lunch:
            add(_local(day, 13) + _minutes(rng, 0, 40), reg.code, station="Front desk",
                direction=checkin.EXIT)
        elif rng.random() < 0.35:
            add(_local(day, 15, 35) + _minutes(rng, 0, 70), reg.code, station="Front desk",
                direction=checkin.EXIT)

    # Two people slip out of a morning workshop before the end.
    for reg, session_id in rng.sample(morning_in, 2):
        add(_local(day, 12, 10) + _minutes(rng, 0, 25), reg.code,
            station=workshops[by_id[session_id]].room, session_id=session_id, direction=checkin.EXIT)

    # What a real morning also logs: a mistyped code, a double scan, someone from the waiting list.
    add(_local(day, 8, 58), "CE-4F7QX-2M9KD", station="Front desk", expect=checkin.UNKNOWN_CODE)
    early = sorted((at, rid) for rid, at in door_times.items() if at < _local(day, 9, 10))
    first_at, first_id = early[len(early) // 2]
    twice = next(r for r in registered if r.registration_id == first_id)
    add(first_at + timedelta(minutes=3), twice.code, station="Side door",
        expect=checkin.ALREADY_CHECKED_IN)
    waiting = registrations.waiting_list(store, conference_id)
    if waiting:
        code = next(r.code for r in registered if r.registration_id == waiting[0].id)
        add(_local(day, 9, 12), code, station="Front desk", expect=checkin.WAITLISTED)
    # Someone turned up for Workshop D without booking; staff let them in.
    busy = {s.code for s in scans if s.session_id or s.direction == checkin.EXIT}
    unbooked = next((r for r in registered if r.code not in busy and r.registration_id in door_times
                     and door_times[r.registration_id] < _local(day, 12)
                     and not registrations.get_registration(store, r.registration_id).bookings), None)
    if unbooked:
        add(_local(day, 14, 4), unbooked.code, station=workshops["D"].room,
            session_id=workshops["D"].id, expect=checkin.NOT_BOOKED, force=True)
    return sorted(scans)


def _run(store: Store, event_id: int, scan: _Scan, operator: str) -> None:
    verdict = checkin.check_in(
        store, event_id, scan.code, session_id=scan.session_id, direction=scan.direction,
        force=scan.force, station=scan.station, operator=operator, at=scan.at)
    if verdict.reason != scan.expect:
        raise RuntimeError(f"The demo expected {scan.expect} but got {verdict.reason}: {verdict.message}")


# --- The course -------------------------------------------------------------------------------

def _build_course(store: Store, rng: random.Random, pool: _People, day: date, now: datetime,
                  registered: list[_Registered], cancelled: set[int]):
    """Six weekly sessions: five held before today, today's cancelled (it clashes with the
    conference), and the last one next week."""
    first_day = day - timedelta(weeks=5)
    course = events.add_event(
        store, COURSE_TITLE, kind="training",
        starts=_local(first_day, 10), ends=_local(first_day, 12, 30), repeat="FREQ=WEEKLY;COUNT=7",
        except_dates=[day.isoformat()], capacity=COURSE_CAPACITY,
        venue="Room 2.14, Ash Court Building", tz=TZ)
    reusable = [r for r in registered if r.registration_id not in cancelled and r.spec.email
                and not r.spec.pa and not r.spec.facilitates
                and set(r.spec.roles) & {"peer_worker", "expert_by_experience", "professional",
                                         "student", "carer"}]
    zoe = next(r for r in reusable if r.spec.name.startswith("Zoë"))
    reused = [zoe.spec] + [r.spec for r in rng.sample([r for r in reusable if r is not zoe],
                                                      COURSE_REUSED - 1)]
    course_roles = (("peer_worker", 4), ("professional", 3), ("expert_by_experience", 3), ("student", 1))
    new = [_generated_person(rng, pool, roles_from=course_roles) for _ in range(COURSE_NEW)]
    learners = [_register(store, course.id, spec) for spec in reused + new]
    withdrawn = learners[-1]
    active = learners[:-1]
    profiles = list(COURSE_PROFILES)
    rng.shuffle(profiles)
    sessions = events.list_sessions(store, course.id)
    held = [s for s in sessions if dates.from_db(s.ends_at) <= now]
    scans: list[_Scan] = []
    for learner, profile in zip(active, profiles, strict=True):
        absent = _absences(rng, profile, len(held))
        for i, session in enumerate(held):
            if i in absent:
                continue
            scans += _course_visit(rng, learner.code, session, len(scans),
                                   late=learner is active[0] and i == 1,
                                   leaves=learner is active[1] and i == 3)
    scans += _course_visit(rng, withdrawn.code, held[0], len(scans), late=True, leaves=False)
    for scan in sorted(scans):
        _run(store, course.id, scan, COURSE_TUTOR)
    registrations.cancel(store, withdrawn.registration_id)  # withdrew after the first week
    return course, learners


def _absences(rng: random.Random, profile: str, held: int) -> set[int]:
    if profile == "one_missed":
        return {rng.randrange(held)}
    if profile == "patchy":
        return set(rng.sample(range(held), 2))
    if profile == "dropped":
        return set(range(2, held))
    if profile == "late_joiner":
        return {0}
    return set()


def _course_visit(rng: random.Random, code: str, session, seq: int, *, late: bool, leaves: bool
                  ) -> list[_Scan]:
    start, end = dates.from_db(session.starts_at), dates.from_db(session.ends_at)
    late = late or rng.random() < 0.15
    arrival = start + (_minutes(rng, 13, 45) if late else _minutes(rng, -28, 8, -8))
    visit = [_Scan(arrival, seq, code, station="Room 2.14", session_id=session.id)]
    if leaves or rng.random() < 0.05:
        visit.append(_Scan(end - _minutes(rng, 25, 70), seq + 1, code, station="Room 2.14",
                           session_id=session.id, direction=checkin.EXIT))
    elif rng.random() < 0.3:
        visit.append(_Scan(end + _minutes(rng, 0, 6), seq + 1, code, station="Room 2.14",
                           session_id=session.id, direction=checkin.EXIT))
    return visit


# --- Putting it together ----------------------------------------------------------------------

def build_demo(store: Store, *, now: datetime | None = None, seed: int = 2026) -> DemoSummary:
    """Fill an empty store with today's conference (in Europe/London, relative to `now`) and a
    six-week course in progress, with the check-ins that would have happened before `now`.

    A naive `now` is read as London time. Refuses a store that already has events.
    """
    if events.list_events(store):
        raise CoprodError("The demo fills an empty database, and this one already has events. "
                          "Build the demo into a new file.")
    now = dates.utcnow() if now is None else now
    now = now.replace(tzinfo=dates.zone(TZ)) if now.tzinfo is None else now
    day = now.astimezone(dates.zone(TZ)).date()
    rng = random.Random(seed)
    pool = _People(rng)
    operator_turn: Counter[tuple[str, ...]] = Counter()
    with store.write():
        conference, workshops, scripted, registered, pas = _build_conference(store, rng, pool, day)
        cancelled, promoted = _cancel_some(store, rng, registered, scripted, workshops)
        course, learners = _build_course(store, rng, pool, day, now, registered, cancelled)
        plan = _plan_conference_day(store, rng, day, conference.id, workshops, registered, pas,
                                    scripted)
        for scan in plan:
            if scan.at > now:
                break
            team = OPERATORS.get(scan.station or "", ROOM_STEWARDS)
            _run(store, conference.id, scan, team[operator_turn[team] % len(team)])
            operator_turn[team] += 1
    return _summarise(store, now, day, conference, course, workshops, registered + pas, learners,
                      cancelled, promoted)


def rebuild(path: str | Path, *, now: datetime | None = None, seed: int = 2026) -> DemoSummary:
    """Replace the demo database at `path` with a fresh one dated around `now`.

    Only a demo is ever replaced: the usual demo file, or a file holding nothing but the
    demo's own events. Anything else is refused and left as it was.
    """
    path = Path(path)
    if path.exists():
        if path.resolve() != demo_db_path().resolve():
            with Store(path) as old:  # refuses a file that is not a coprod-events database
                others = [s.event.title for s in events.list_events(old)
                          if not _DEMO_TITLES.fullmatch(s.event.title)]
            if others:
                raise CoprodError(
                    f"{path} holds events the demo did not make ({others[0]!r}), so it was not "
                    "replaced. Give the demo a file of its own with --db.")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    with Store(path) as store:
        return build_demo(store, now=now, seed=seed)


def _summarise(store: Store, now: datetime, day: date, conference, course, workshops: dict,
               conference_regs: list[_Registered], learners: list[_Registered], cancelled: set[int],
               promoted: int) -> DemoSummary:
    counts = {s.event.id: s for s in events.list_events(store)}
    regs = [registrations.get_registration(store, r.registration_id) for r in conference_regs]
    live = [r for r in regs if r.status == "confirmed"]
    workshop_ids = {w.id: w for w in workshops.values()}
    places = Counter(b.session_id for r in live for b in r.bookings if b.status == "confirmed")
    waiting = Counter(b.session_id for r in live for b in r.bookings if b.status == "waitlisted")
    course_attendance = attendance.attendance(store, course.id, now=now)
    people_ids = {r.person_id for r in conference_regs + learners}
    return DemoSummary(
        day=day.isoformat(), conference_slug=conference.slug, conference_title=conference.title,
        venue=conference.venue or "", course_slug=course.slug, course_title=course.title,
        people=len(people_ids), registrations=len(conference_regs) + len(learners),
        confirmed=counts[conference.id].confirmed,
        pas=sum(1 for r in live if r.pa_for_registration_id),
        waitlisted=counts[conference.id].waitlisted, cancelled=len(cancelled), promoted=promoted,
        with_access_needs=sum(1 for r in regs if r.access),
        without_consent=sum(1 for r in regs if not r.consent_at),
        conference_sessions=counts[conference.id].sessions, workshops=len(workshops),
        workshops_full=sum(1 for sid, w in workshop_ids.items()
                           if places[sid] >= w.capacity and waiting[sid]),
        session_waitlisted=sum(waiting[sid] for sid in workshop_ids),
        checked_in=counts[conference.id].checked_in,
        on_site=len(attendance.on_site(store, conference.id, now=now)),
        course_sessions=counts[course.id].sessions,
        course_sessions_held=sum(1 for s in course_attendance.sessions if not s.upcoming),
        course_learners=len(course_attendance.series),
        course_withdrawn=sum(1 for r in learners if registrations.get_registration(
            store, r.registration_id).status == "cancelled"),
        course_eligible=sum(1 for row in course_attendance.series if row.eligible),
    )
