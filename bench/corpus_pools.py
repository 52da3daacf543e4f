"""Text pools and fake sites for bench/corpus.py (split out to keep the generator readable).

Everything here is data: site templates (lines that repeat on every page of a site), names,
captions, credits, related headlines. Titles and subheads are composed from parts so that pages
of one site rarely share one (a recurring short line is what site-template statistics treat as
boilerplate; real subheads do not recur).
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Site:
    """A fake news site: its template lines repeat on every page of the site."""

    host: str
    name: str
    nav: tuple[str, ...]
    nav_style: str  # "bar": one line "Home | World | ...", "lines": one item per line
    separator: str  # between blocks in the .txt rendering ("\n" = no blank lines, as in seed 004)
    date_format: str
    share: str
    subscribe: str
    cookie: str
    copyright: str
    footer: str
    slogan: str
    related_label: str
    wrap: int = 0  # > 0: body paragraphs hard-wrapped at this width in the .txt rendering

    @property
    def slug(self) -> str:
        return self.host.split(".")[0]

    def nav_text(self) -> str:
        return " | ".join(self.nav) if self.nav_style == "bar" else "\n".join(self.nav)


SITES = (
    Site("worldwire.example", "World Wire", ("Home", "World", "Politics", "Business", "Sports", "Opinion"), "bar",
         "\n\n", "{month} {d}, {y}", "Share this: Facebook Twitter Email Print",
         "Sign up for our daily newsletter. Subscribe", "We use cookies to improve your experience. "
         "By continuing to browse you agree to our use of cookies. Accept", "\u00a9 {y} World Wire. All rights reserved.",
         "About Us | Contact | Privacy Policy | Terms of Use", "", "Related stories"),
    Site("dailyledger.example", "The Daily Ledger", ("News", "Local", "National", "World", "Weather"), "lines",
         "\n\n", "{d:02d}.{m:02d}.{y}", "Share | Tweet | Email | Print", "Get the latest headlines delivered to "
         "your inbox every morning.", "This site uses cookies. Learn more", "Copyright \u00a9 {y} The Daily Ledger",
         "Advertise | Careers | Contact us | Sitemap", "Independent reporting since 1998", "You may also like",
         wrap=72),
    Site("gazette24.example", "Gazette 24", ("Start", "Syria", "Europe", "Americas", "Video"), "bar",
         "\n", "{d:02d}/{m:02d}/{y} {hh:02d}:{mm:02d}", "Print Friendly, PDF & Email",
         "Subscribe to Gazette 24 for unlimited access", "Cookies help us deliver our services. OK",
         "All content \u00a9 {y} Gazette 24 Media Ltd.", "Imprint | Data protection | Contact", "", "Read more"),
    Site("monitor.example", "The Monitor", ("Home", "Middle East", "Analysis", "Podcasts"), "lines",
         "\n\n", "{y}-{m:02d}-{d:02d}", "Click to share on Twitter (Opens in new window)",
         "Support independent journalism. Donate now", "We value your privacy. Manage cookies",
         "\u00a9 {y} The Monitor. This material may not be published, broadcast, rewritten or redistributed.",
         "Terms | Privacy | RSS", "The Monitor \u2014 news without borders", "Related"),
    Site("capitalpost.example", "Capital Post", ("Politics", "Economy", "World", "Tech", "Culture", "Science"), "bar",
         "\n\n", "{mon} {d}, {y} {hh}:{mm:02d}", "Share on Facebook Share on Twitter Comments",
         "Newsletter: the day's top stories, free. Sign up", "Accept all cookies | Settings",
         "Capital Post \u00a9 {y}", "About | Ethics policy | Corrections | Contact", "", "Most read"),
)

PEOPLE = ("Bradley Klapper", "Matthew Lee", "Josh Lederman", "Anna Schmidt", "Laura King", "Omar Haddad",
          "Elena Petrova", "James Carter", "Maria Lopez", "Chen Wei", "Sarah Collins", "Ahmed Nasser")
AGENCIES = ("AP", "AFP", "Reuters", "CNN")
CITIES = ("Washington", "Moscow", "Beirut", "Geneva", "Damascus", "Amman", "Ankara", "Brussels", "Vienna")
PHOTO_ACTIONS = ("speaks during a news conference", "arrives for talks", "waves to reporters",
                 "attends a meeting", "leaves a hotel", "addresses the media")
CREDITS = ("(AP Photo/{name})", "PHOTO: REUTERS", "Photo: AFP", "(Getty Images)", "REUTERS/{name}",
           "(AP Photo/{name}, Pool)")
TITLE_SUBJECTS = ("Kerry", "Putin", "Lavrov", "The Pentagon", "Rebel groups", "The UN envoy", "Moscow",
                  "Washington", "Syrian officials", "Aid groups", "The White House", "Turkey")
TITLE_VERBS = ("weighs", "rejects", "backs", "warns over", "pushes for", "doubts", "welcomes", "questions")
TITLE_OBJECTS = ("new Syria plan", "ceasefire deal", "joint air strikes", "aid corridors", "Aleppo truce",
                 "military partnership", "peace talks in Geneva", "transition timetable", "Nusra targets")
HEADING_ADJ = ("High", "Mixed", "Deep", "New", "Growing", "Fragile", "Uneasy", "Last", "Hidden", "Shifting")
HEADING_NOUNS = ("stakes", "reactions", "mistrust", "divisions", "hopes", "doubts", "options", "deadlines",
                 "alliances", "risks")
HEADING_TAILS = ("", "", " for Moscow", " in Washington", " around Aleppo", " for the rebels", "?")


def make_title(rng: random.Random) -> str:
    return f"{rng.choice(TITLE_SUBJECTS)} {rng.choice(TITLE_VERBS)} {rng.choice(TITLE_OBJECTS)}"


def make_heading(rng: random.Random) -> str:
    return f"{rng.choice(HEADING_ADJ)} {rng.choice(HEADING_NOUNS)}{rng.choice(HEADING_TAILS)}"


RELATED = ("Pence says he believes Obama born in US", "USA Freedom Kids v. Trump: Dancing kids group sues GOP nominee",
           "Turkey detains thousands after failed coup", "Oil prices slide on supply worries",
           "EU leaders meet to discuss migration", "Five things to know about the G20 summit",
           "Analysis: What Brexit means for trade", "Photos: The week in pictures",
           "UN envoy warns of humanitarian disaster", "Opinion: Why diplomacy still matters",
           "Watch: Kerry arrives in Moscow", "Markets close higher after Fed decision")
BIOS = ("{name} is a correspondent based in {city}. Follow on Twitter for more updates.",
        "{name} covers diplomacy and national security. Contact the author at newsdesk@example.com.",
        "About the author: {name} has reported from the Middle East for more than ten years.")
ADS = ("Advertisement", "ADVERTISEMENT", "Story continues below advertisement", "Sponsored content")
COMMENTS = ("John says: July 14, 2016 at 3:12 pm This will never work, they have tried it before.",
            "Mary says: July 14, 2016 at 5:40 pm Great article, thanks for the background.",
            "Reply",
            "Anonymous says: July 15, 2016 at 9:02 am The Russians will never give up Assad. This whole "
            "process is a waste of time and everyone in the region knows it.")

