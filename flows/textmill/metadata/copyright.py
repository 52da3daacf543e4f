"""The person holding a page's copyright: the author of a one-person site.

A personal site or blog often names its author only in the footer: ``© 2019 Sven
Schreivogel``, ``(c) Johannes Wolf • Weitere Rechte siehe Impressum``, ``Copyright (c)
2012- Gregory Szorc. All rights reserved.``, ``© Stylegart by Ramona``. When no byline, author
field or meta element names anyone, that holder is the author, if it is a person's name
(:func:`textmill.metadata.bylines.looks_like_name`: two to four capitalised words) and no
organisation (``ORG_WORDS``: 'Qualisys GmbH', 'Spiegel Online', 'Stadt Ulm'). A ``by X``
inside the notice names the person (``© Stylegart by Ramona``: a one-word name is taken
only there). FP risk: a company named like a person ('Hugo Boss') becomes the author of its
pages; callers use this last, below every other author source.
"""

from __future__ import annotations

import re

from textmill.metadata.bylines import looks_like_name
from textmill.metadata.titles import is_site_name, spellings, squash, words_of

# words that make a copyright holder an organisation, not a person (lower case)
ORG_WORDS = frozenset(
    "gmbh ag kg ohg ug mbh e.v. ev ev. eg se inc inc. llc ltd ltd. plc corp corp. co co. sa s.a. srl s.r.l. sl s.l. "
    "bv b.v. nv n.v. oy ab as a/s sas sarl spa s.p.a. gbr verlag verlags media medien online news zeitung magazin "
    "magazine verein verband stiftung foundation institut institute universität university hochschule schule school "
    "stadt gemeinde kanton land ministerium bundesamt group gruppe holding company team redaktion studio agentur "
    "agency press presse network netzwerk club blog shop store services solutions systems software "
    "international digital publishing forum portal limited commons license lizenz licence "
    "deutschland österreich schweiz suisse svizzera germany austria switzerland europe europa "
    "images image stock photo photos foto fotos photography credit credits privacy policy datenschutz "
    "org net com info de at ch".split()  # a host spelt out as words ('Freiheit Org', 'Kath Net')
)
# function words that are in brand names ('Eat What Tonight', 'Women Can Talk Sports'), not in names
_FUNCTION_WORDS = frozenset("what when how why who where my your our we you it is are can this that and or for with "
                            "to of in on at".split())
# endings of German compound organisation names ('Handballbund', 'Bischofskonferenz', 'Medienreferat')
ORG_SUFFIXES = ("bund", "verband", "verein", "gesellschaft", "zentrum", "magazin", "konferenz", "referat", "amt",
                "werk", "haus", "kammer", "netz", "portal", "zeitung", "blatt", "verlag", "nachrichten")
# ... of which these also end surnames ('Neuhaus', 'Althaus', 'Niehaus'): a multi-word holder's last
# word may end so. On the 415 dev pages every such holder is an organisation whose compound is
# not its last word ('KulturKaufhaus Dussmann') or a one-word name ('Bundespräsidialamt'); '-amt'
# and '-werk' surnames are rare, so they stay organisation endings
SURNAME_SUFFIXES = ("haus",)
# a holder opening with an article is a title or a brand ('Die Zeit', 'The Guardian'), not a person
_ARTICLES = frozenset("the der die das la le les el los il lo de het een a an".split())
# '©', '(c)', 'Copyright', 'Copyright ©' opening a short line, then optional years
_NOTICE_RE = re.compile(
    r"^\s*(?:copyright\s*(?:©|\(c\))?|(?:©|\(c\))\s*(?:copyright\b)?)\s*(?:(?:\d{4})(?:\s*[-–]\s*(?:\d{4})?)?\s*,?\s*)?(?P<rest>.+)$",
    re.IGNORECASE)
# where the holder's name ends: a full stop, a bullet, a bar, 'All rights reserved', 'Alle Rechte'
_END_RE = re.compile(r"\s*(?:\.\s|\.$|[•|·–—,;]|\s-\s|\ball rights\b|\balle rechte\b|\btous droits\b|"
                     r"\btodos los derechos\b|\bdesign\b|\bpowered\b|\bimpressum\b)", re.IGNORECASE)
_BY_RE = re.compile(r"\b(?:by|von|par|por|di)\s+(?P<name>[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,3})\s*$",
                    re.IGNORECASE)
MAX_NOTICE_CHARS = 120  # a longer line is prose that mentions copyright, not a notice


def _spellings(text: str) -> set[str]:
    """Squashed letters of ``text`` as a host may spell them ('Schweizer Jäger' ->
    'schweizerjager', 'schweizerjaeger'): :func:`textmill.metadata.titles.spellings`."""
    return spellings(squash(text))


def _host_label(host: str | None) -> str:
    return "".join(words_of((host or "").lower().removeprefix("www.").split(".")[0]))


def _names_site(name: str, keys, host: str | None) -> bool:
    """'Happy Coffee Deutschland' on happycoffee.org, 'Schweizer Jäger' on schweizerjaeger.ch."""
    label = _host_label(host)
    near = any(label == s or (len(label) >= 4 and (label in s or s in label)) for s in _spellings(name) if s)
    return is_site_name(name, keys) or bool(label and near)


def _is_brand(name: str, keys, host: str | None) -> bool:
    """The site's own name, unless it *is* the host's name and two or three words ('Gregory
    Szorc' on gregoryszorc.com: a person's own domain; 'Women Can Talk Sports' is a brand)."""
    own_domain = _host_label(host) in _spellings(name) and len(name.split()) <= 3
    return not own_domain and _names_site(name, keys, host)


def is_person_name(name: str) -> bool:
    """A person's name, not an organisation's: name-shaped (:func:`looks_like_name`), not
    opening with an article ('Die Zeit'), without organisation words or acronyms ('HR
    Innovation', 'Qualisys GmbH', 'Deutscher Handballbund')."""
    words = [w.lower().strip(".") for w in name.split()]
    # an all-caps word is an acronym in a notice ('HR Innovation', 'Alpen-Club SAC'), not a name
    return (looks_like_name(name) and words[0] not in _ARTICLES
            and not any(len(w) >= 2 and w.isupper() for w in name.split())
            and not any(w in ORG_WORDS or w in _FUNCTION_WORDS or _org_compound(w, k == len(words) - 1 > 0)
                        for k, w in enumerate(words)))


def _org_compound(word: str, surname: bool) -> bool:
    """A German compound organisation word ('Handballbund', 'KulturKaufhaus'); the last word of
    a name of two or more words may be a surname ending like one ('Sandra Neuhaus')."""
    return word.endswith(ORG_SUFFIXES) and not (surname and word.endswith(SURNAME_SUFFIXES))


def _person(name: str, keys=(), host: str | None = None) -> bool:
    return is_person_name(name) and not _is_brand(name, keys, host)


def copyright_holder(line: str, keys=(), host: str | None = None) -> str | None:
    """'© 2019 Sven Schreivogel' -> 'Sven Schreivogel'; None unless the line is a copyright
    notice whose holder is a person's name, not the site's (``keys``:
    :func:`textmill.metadata.titles.site_keys`; ``host``: the page's host)."""
    if len(line) > MAX_NOTICE_CHARS:
        return None
    m = _NOTICE_RE.match(line)
    if not m:
        return None
    holder = _END_RE.split(m.group("rest"), maxsplit=1)[0].strip(" .")
    by = _BY_RE.search(holder)
    if by:  # '© Stylegart by Ramona': the site, then its author (a one-word name only after the site's)
        name, site = by.group("name"), holder[: by.start()].strip()
        one_word = len(name.split()) == 1 and name[:1].isupper() and name.lower() not in ORG_WORDS
        if _person(name, keys, host) or (one_word and site and _names_site(site, keys, host)):
            return name
        return None
    return holder if _person(holder, keys, host) else None


def is_notice(line: str) -> bool:
    """Whether ``line`` may be a copyright notice (cheap test before :func:`copyright_holder`)."""
    low = line.lower()
    return "©" in line or "(c)" in low or "copyright" in low


def page_copyright_holder(lines, keys=(), host: str | None = None) -> tuple[str, int] | None:
    """(holder, index) when the *last* copyright notice among ``lines`` names a person. Only
    the last: the site's own notice is at the page's foot, while a '© Name' higher up is a
    photo credit; a footer naming a company is no author even if a photo credit names one."""
    for i in range(len(lines) - 1, -1, -1):
        if is_notice(lines[i]) and _NOTICE_RE.match(lines[i].strip()):
            name = copyright_holder(lines[i].strip(), keys, host)
            return (name, i) if name else None
    return None
