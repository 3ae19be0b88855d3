"""Customers, their sites and equipment, the parts price list and the service agreements."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from dispatch_console.services.demo.base import WT, _add_months, _ascii, _category
from dispatch_console.services.demo.roster import Roster
from dispatch_console.storage import models as m


class Customers(Roster):
    def build_customers(self) -> None:
        rng = self.rng
        cat = self.cat
        for spec in cat.customers:
            slug = _ascii("".join(spec.name.split()[:2]))
            customer = m.Customer(
                code=spec.code,
                name=spec.name,
                billing_address=spec.billing_address,
                phone=self._phone(),
                email=f"accounts.payable@{slug}.example",
                tax_rate=Decimal(0) if spec.tax_exempt else None,
            )
            self.customers[spec.code] = customer
            self.customer_sites[spec.code] = []
            for index, (site_name, town_name) in enumerate(spec.sites, 1):
                town = cat.towns[town_name]
                address = (
                    f"{rng.randint(100, 9899)} {rng.choice(cat.streets)}\n"
                    f"{town_name}, TX {rng.choice(town.zip_codes)}"
                )
                if len(spec.sites) == 1 and spec.billing_address[0].isdigit():
                    address = spec.billing_address  # a single-site customer is billed where it is
                site = m.Site(
                    code=f"{spec.code}-{index:02d}",
                    customer=customer,
                    name=site_name,
                    address=address,
                    lat=round(town.lat + rng.uniform(-0.02, 0.02), 5),
                    lon=round(town.lon + rng.uniform(-0.02, 0.02), 5),
                    contact_name=self._person(),
                    contact_phone=self._phone(),
                    access_notes=cat.access[spec.kind].format(code=rng.randint(1000, 9999)),
                )
                self.sites.append(site)
                self.customer_sites[spec.code].append(site)
                self.site_kind[site.code] = spec.kind
                pool, fewest, most = cat.kind_assets[spec.kind]
                for category in rng.sample(pool, rng.randint(fewest, most)):
                    self._asset(site, category)
        for plan in cat.plans:  # every plan has its equipment
            own_sites = self.customer_sites[plan.customer]
            if not any(a.category == plan.equipment for s in own_sites for a in s.assets):
                self._asset(min(own_sites, key=lambda s: (len(s.assets), s.code)), plan.equipment)
        self.assets_by_type = {
            WT.CORRECTIVE: list(self.assets),
            WT.EMERGENCY: [a for a in self.assets if cat.kinds[_category(a)].emergency],
            WT.PREVENTIVE: [a for a in self.assets if cat.kinds[_category(a)].pm],
            WT.INSPECTION: [a for a in self.assets if cat.kinds[_category(a)].inspection],
            WT.INSTALLATION: [a for a in self.assets if cat.kinds[_category(a)].installation],
        }

    def build_parts_and_agreements(self) -> None:
        self.parts = {
            sku: m.Part(sku=sku, description=text, unit_price=price, unit=unit)
            for sku, text, price, unit in self.cat.parts
        }
        for spec in self.cat.agreements:
            starts = self.today + timedelta(days=spec.start)
            sites = self.customer_sites[spec.customer]
            self.agreements.append(
                (
                    self.customers[spec.customer],
                    sites[spec.site] if spec.site is not None else None,
                    {
                        "name": spec.name,
                        "starts_on": starts,
                        "ends_on": _add_months(starts, spec.months) - timedelta(days=1),
                        "scope": spec.scope,
                        "not_to_exceed": spec.not_to_exceed,
                    },
                )
            )

    def _asset(self, site: m.Site, category: str) -> m.Asset:
        kind = self.cat.kinds[category]
        number = sum(1 for a in site.assets if a.category == category) + 1
        name = f"{kind.tag}-{number}"
        make, model = self.rng.choice(kind.makes)
        installed = self.today - timedelta(days=self.rng.randint(200, 6000))
        letter = self.rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ")
        serial = f"{installed:%y%m}{letter}{self.rng.randint(10000, 99999)}"
        asset = m.Asset(
            code=f"{site.code}-{name}",
            site=site,
            name=name,
            category=category,
            make=make,
            model=model,
            serial=serial,
            installed_on=installed,
            warranty_until=_add_months(installed, 12 * kind.warranty_years),
        )
        self.assets.append(asset)
        return asset
