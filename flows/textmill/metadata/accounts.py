"""The account a page was published under on a hosted blog platform.

On ``creeny.wordpress.com`` or ``emacspeak.blogspot.com`` the first host label is the blog's
account: the person (or group) who writes it. Annotators of real pages name that account as
the author when the page prints no byline, and so do we, as the last source (``metadata_source``
``url account``), after every byline the page itself gives. Platforms are data
(``HOSTED_BLOG_DOMAINS``). FP risk: a group blog on one account ('kochclub.wordpress.com')
gives the group's name, which is still who published the page.
"""

from __future__ import annotations

import re

# platforms that give each blog its own subdomain: <account>.<platform>
HOSTED_BLOG_DOMAINS = (
    "wordpress.com", "blogspot.com", "blogspot.de", "blogspot.fr", "blogspot.co.uk", "tumblr.com", "livejournal.com",
    "typepad.com", "over-blog.com", "over-blog.fr", "jimdofree.com", "jimdo.com", "wixsite.com", "weebly.com",
    "substack.com", "home.blog", "blog.de", "canalblog.com", "hatenablog.com",
)
_ACCOUNT_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
_NOT_ACCOUNTS = frozenset({"www", "blog", "m", "en", "de", "fr", "es", "it"})


def blog_account(host: str | None) -> str | None:
    """'creeny.wordpress.com' -> 'creeny'; None for any other host (and for 'www.tumblr.com')."""
    host = (host or "").lower().rstrip(".")
    for domain in HOSTED_BLOG_DOMAINS:
        if host.endswith("." + domain):
            account = host[: -len(domain) - 1].split(".")[-1]
            if _ACCOUNT_RE.match(account) and account not in _NOT_ACCOUNTS:
                return account
    return None
