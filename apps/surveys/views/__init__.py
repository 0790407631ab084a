"""The surveys' pages: the unit's staff pages (``/survei/``) and the public's pages
(``/s/``: the form behind a QR code or a personal link, the published results)."""
