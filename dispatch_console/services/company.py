"""The company's own settings: name and address on documents, time zone, currency, tax, terms."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.timekeeping import is_valid_zone, local_zone_name
from dispatch_console.services.context import ServiceContext
from dispatch_console.storage.models import Company


@dataclass(frozen=True)
class CompanySettings:
    name: str
    address: str = ""
    phone: str = ""
    email: str = ""
    timezone: str = "UTC"
    currency: str = "USD"
    tax_rate: Decimal | None = None
    payment_terms_days: int = 30
    travel_speed_kmh: Decimal = Decimal("40")
    version: int | None = None  # None: not saved yet


def validate(settings: CompanySettings) -> list[str]:
    """Every problem with the settings, in words; empty when they can be saved."""
    problems = []
    if not settings.name.strip():
        problems.append("the company name is empty; it is printed on every document")
    if not is_valid_zone(settings.timezone):
        problems.append(
            f"'{settings.timezone}' is not a time zone; use an IANA name such as America/Chicago"
        )
    code = settings.currency.strip()
    if len(code) != 3 or not code.isalpha() or not code.isupper():
        problems.append(f"'{settings.currency}' is not an ISO 4217 currency code such as USD or EUR")
    if settings.tax_rate is not None and not (Decimal(0) <= settings.tax_rate <= Decimal(100)):
        problems.append("the tax rate must be a percentage between 0 and 100")
    if not (0 <= settings.payment_terms_days <= 365):
        problems.append("payment terms must be between 0 and 365 days")
    if not (Decimal(1) <= settings.travel_speed_kmh <= Decimal(200)):
        problems.append("the average travel speed must be between 1 and 200 km/h")
    return problems


def get_settings(ctx: ServiceContext) -> CompanySettings:
    with ctx.read() as uow:
        company = uow.company()
        if company is None:
            return CompanySettings(name="", timezone=local_zone_name())
        return _to_settings(company)


def _to_settings(company: Company) -> CompanySettings:
    return CompanySettings(
        name=company.name,
        address=company.address or "",
        phone=company.phone or "",
        email=company.email or "",
        timezone=company.timezone,
        currency=company.currency,
        tax_rate=company.tax_rate,
        payment_terms_days=company.payment_terms_days,
        travel_speed_kmh=company.travel_speed_kmh,
        version=company.version,
    )


def save_settings(ctx: ServiceContext, settings: CompanySettings) -> CompanySettings:
    """Save, refusing bad values and a save based on settings somebody else changed since."""
    problems = validate(settings)
    if problems:
        raise ValidationError("; ".join(problems))
    with ctx.write("Change company settings") as uow:
        uow.serialize(uow.COMPANY_DATA)  # two PCs at first start: the second saves over the first
        company = uow.company()
        if company is None:
            company = Company(id=1)
            uow.add(company)
        else:
            uow.check_version(company, settings.version, "The company settings")
        company.name = settings.name.strip()
        company.address = settings.address.strip() or None
        company.phone = settings.phone.strip() or None
        company.email = settings.email.strip() or None
        company.timezone = settings.timezone
        company.currency = settings.currency.strip()
        company.tax_rate = settings.tax_rate
        company.payment_terms_days = settings.payment_terms_days
        company.travel_speed_kmh = settings.travel_speed_kmh
        uow.flush()
        saved = replace(_to_settings(company))
    return saved


def is_set_up(ctx: ServiceContext) -> bool:
    with ctx.read() as uow:
        return uow.company() is not None
