"""Every named URL of the project has an entry in the access table of URLs
(apps/accounts/policy/urls.py): a capability of the table, or a declared open page."""

from django.urls import URLPattern, URLResolver, get_resolver

from apps.accounts.policy import POLICY
from apps.accounts.policy.urls import NAMESPACES, URL_ACCESS, Open, access_of


def _named_urls(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _named_urls(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name


def test_every_named_url_has_an_access_entry():
    names = set(_named_urls())
    assert names, "the resolver walk found no URL"
    missing = sorted(name for name in names if access_of(name) is None)
    assert not missing, "named URLs without an entry in URL_ACCESS: " + ", ".join(missing)


def test_no_entry_names_a_url_that_does_not_exist():
    names = set(_named_urls())
    assert not sorted(set(URL_ACCESS) - names)
    assert all(any(n.startswith(ns + ":") for n in names) for ns in NAMESPACES)


def test_every_entry_names_capabilities_of_the_table_or_an_open_marker():
    for name, entry in URL_ACCESS.items():
        assert entry, name
        for item in entry:
            assert isinstance(item, Open) or item in POLICY, (name, item)
