"""The company and its roster: skills, technicians with certifications and shifts, time off."""

from __future__ import annotations

from datetime import date, time, timedelta

from dispatch_console.domain.enums import WEEKDAYS
from dispatch_console.services.demo.base import DemoState, _ascii, _Crew, _wall
from dispatch_console.storage import models as m


class Roster(DemoState):
    def build_company(self) -> None:
        cat = self.cat
        self.company = m.Company(
            id=1,
            name=cat.company["name"],
            address=cat.company["address"],
            phone=cat.company["phone"],
            email=cat.company["email"],
            timezone=cat.timezone,
            currency="USD",
            tax_rate=cat.tax_rate,
            payment_terms_days=cat.payment_terms_days,
            travel_speed_kmh=cat.travel_speed_kmh,
        )
        self.skills = {code: m.Skill(code=code, name=name) for code, name in cat.skills}

    def build_roster(self) -> None:
        rng = self.rng
        for spec in self.cat.techs:
            town = self.cat.towns[spec.home_town]
            words = spec.name.split()
            start, end = spec.shift
            tech = m.Technician(
                code=spec.code,
                name=spec.name,
                phone=self._phone(),
                email=f"{_ascii(words[0])}.{_ascii(words[-1])}@{self.cat.email_domain}",
                hourly_rate=spec.hourly_rate,
                home_lat=round(town.lat + rng.uniform(-0.03, 0.03), 5),
                home_lon=round(town.lon + rng.uniform(-0.03, 0.03), 5),
                shift_start=time(start // 60, start % 60),
                shift_end=time(end // 60, end % 60),
                workdays=spec.workdays,
                active=True,
            )
            valid: dict[str, date | None] = {
                skill: None if days is None else self.today + timedelta(days=days)
                for skill, days in spec.skills.items()
            }
            tech.skills = [
                m.TechnicianSkill(skill=self.skills[skill], certified_until=until)
                for skill, until in valid.items()
            ]
            self.crews.append(
                _Crew(
                    tech,
                    spec.code,
                    spec.name,
                    start,
                    end,
                    frozenset(WEEKDAYS.index(d) for d in spec.workdays.split(";")),
                    valid,
                )
            )
        crews = {c.code: c for c in self.crews}
        for off in self.cat.time_off:
            first = self.monday + timedelta(days=off.first_day)
            begin = _wall(first, off.start)
            finish = _wall(first + timedelta(days=off.days - 1), off.end)
            crew = crews[off.technician]
            crew.off.append((begin, finish, off.reason))
            crew.obj.time_off.append(
                m.TimeOff(start=self.utc(begin), end=self.utc(finish), reason=off.reason)
            )
