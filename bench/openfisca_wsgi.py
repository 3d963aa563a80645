"""OpenFisca's web API with its country template, for gunicorn in the benchmark's own OpenFisca venv.

Used by `bench/load --anchors` only, with `.bench/openfisca-venv/bin/python -m gunicorn ... bench.openfisca_wsgi:app`;
the checker's own environment never imports it. This is what `openfisca serve --country-package
openfisca_country_template` builds (openfisca_web_api/scripts/serve.py), without its command line.
"""

from __future__ import annotations

from openfisca_country_template import CountryTaxBenefitSystem
from openfisca_web_api.app import create_app

app = create_app(CountryTaxBenefitSystem())
