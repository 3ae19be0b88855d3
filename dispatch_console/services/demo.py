"""A realistic demo company, so a first start shows a working dispatch office at once.

``create_demo_company`` fills an empty database with a Dallas-area mechanical, electrical and
plumbing contractor: technicians with skills, certifications, shifts and time off; customers,
sites and equipment; parts; service agreements; recurring plans; requests; about 150 work orders
on this week's board and in the queue; and six months of finished history with invoices.

Everything is dated relative to ``today`` and drawn from ``random.Random(seed)``, so the same
seed and day give the same company. Every record follows the lifecycle: bookings sit inside the
technicians' shifts (the few that do not carry the conflicts a dispatcher confirmed), verified and
later work orders have what their type's closeout requires, and invoices follow the money rules.

The whole company is built in memory as mapped objects and written in one unit of work, so it
takes a moment even on SQLite; the lifecycle services are not called per order.
"""

from __future__ import annotations

import random
import struct
import unicodedata
import zlib
from bisect import insort
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import TypeVar
from zoneinfo import ZoneInfo

from dispatch_console.domain.conflicts import Interval, TechCalendar, booking_conflicts
from dispatch_console.domain.enums import (
    PRIORITY_RANK,
    WEEKDAYS,
    InvoiceLineKind,
    PhotoKind,
    Priority,
    RequestSource,
    RequestStatus,
    ScopeChangeStatus,
    Status,
    WorkOrderType,
)
from dispatch_console.domain.errors import RuleViolation
from dispatch_console.domain.lifecycle import CLOSEOUT
from dispatch_console.domain.money import (
    effective_tax_rate,
    hours_between,
    invoice_totals,
    labor_amount,
    parts_amount,
)
from dispatch_console.domain.recurrence import occurrences_between, parse_rule
from dispatch_console.domain.timekeeping import to_local, wall_to_utc, zone
from dispatch_console.services.billing import INVOICE_PREFIX
from dispatch_console.services.context import EVERYTHING, ServiceContext
from dispatch_console.services.intake import REQUEST_PREFIX
from dispatch_console.services.work_orders import WO_PREFIX
from dispatch_console.storage import models as m

_T = TypeVar("_T")

DEMO_TIMEZONE = "America/Chicago"
COMPANY_TAX_RATE = Decimal("8.25")
FIRST_WORK_ORDER = 10001
FIRST_REQUEST = 1001
FIRST_INVOICE = 1001
#: What a demo touches: every view refreshes.
DEMO_CHANGES = EVERYTHING

WT = WorkOrderType
P = Priority
S = Status


@dataclass(frozen=True)
class DemoSummary:
    """What the demo company holds (counts), for the first-run message and the command line."""

    company: str
    today: date
    skills: int
    technicians: int
    customers: int
    sites: int
    assets: int
    parts: int
    agreements: int
    plans: int
    requests: int
    work_orders: int
    this_week: int  # on this week's board, in the queue, or cancelled this week
    open_queue: int  # open and unbooked
    history: int  # finished before this week
    bookings: int
    invoices: int

    def __str__(self) -> str:
        return (
            f"{self.company}: {self.technicians} technicians, {self.customers} customers, "
            f"{self.sites} sites, {self.assets} assets, {self.plans} recurring plans, "
            f"{self.work_orders} work orders ({self.this_week} this week, {self.open_queue} "
            f"waiting in the queue, {self.history} in the history), {self.invoices} invoices"
        )


# =================================================================================================
# The catalogue: the trade's words
# =================================================================================================

# fmt: off
COMPANY = {
    "name": "Bluebonnet Building Services, LLC",
    "address": "4820 Commerce Park Dr, Suite 200\nDallas, TX 75247",
    "phone": "(214) 555-0142",
    "email": "dispatch@bluebonnet-services.example",
}
EMAIL_DOMAIN = "bluebonnet-services.example"
OFFICE = ("Maria Esparza", "Jordan Tran", "Sherry Whitfield")

SKILLS = (
    ("HVAC", "HVAC service"),
    ("ELEC", "Electrical"),
    ("PLMB", "Plumbing"),
    ("REFR", "Commercial refrigeration"),
    ("BOIL", "Boilers and hydronics"),
    ("CTRL", "Building controls (BAS)"),
    ("FIRE", "Fire alarm and life safety"),
)

# (town, lat, lon, ZIP codes); all within about 30 km of downtown Dallas.
TOWNS = {
    "Dallas": (32.7767, -96.7970, ("75201", "75204", "75207", "75219", "75235", "75247")),
    "Irving": (32.8140, -96.9489, ("75038", "75039", "75061", "75062")),
    "Garland": (32.9126, -96.6389, ("75040", "75041", "75042")),
    "Plano": (33.0198, -96.6989, ("75023", "75074", "75075")),
    "Richardson": (32.9483, -96.7299, ("75080", "75081")),
    "Mesquite": (32.7668, -96.5992, ("75149", "75150")),
    "Grand Prairie": (32.7460, -96.9978, ("75050", "75051", "75052")),
    "Carrollton": (32.9756, -96.8899, ("75006", "75007")),
    "Addison": (32.9618, -96.8292, ("75001",)),
    "Farmers Branch": (32.9265, -96.8961, ("75234",)),
    "Duncanville": (32.6518, -96.9083, ("75116",)),
    "DeSoto": (32.5899, -96.8570, ("75115",)),
    "Rowlett": (32.9029, -96.5639, ("75088",)),
    "Coppell": (32.9546, -97.0150, ("75019",)),
    "Arlington": (32.7357, -97.1081, ("76010", "76011")),
}
STREETS = (
    "Belt Line Rd", "Walnut Hill Ln", "Forest Ln", "Royal Ln", "Northwest Hwy", "Jupiter Rd",
    "Buckingham Rd", "Spring Valley Rd", "Arapaho Rd", "Campbell Rd", "Shiloh Rd", "Pioneer Pkwy",
    "Collins St", "Hampton Rd", "Camp Wisdom Rd", "Wheatland Rd", "MacArthur Blvd", "O'Connor Blvd",
    "Valley View Ln", "Josey Ln", "Midway Rd", "Preston Rd", "Coit Rd", "Greenville Ave",
    "Lemmon Ave", "Mockingbird Ln", "Industrial Blvd", "Main St", "Commerce St", "Marsh Ln",
)
AREA_CODES = ("214", "469", "972")
FIRST_NAMES = (
    "James", "Maria", "Robert", "Linda", "Carlos", "Jennifer", "Michael", "Aisha", "David", "Sofia",
    "Brian", "Nguyen", "Latoya", "Hector", "Karen", "Raj", "Tiffany", "Miguel", "Susan", "Andre",
    "Patricia", "Omar", "Heather", "Jose", "Rachel", "Terrence", "Yolanda", "Kyle", "Gloria", "Vikram",
)
LAST_NAMES = (
    "Smith", "Garcia", "Williams", "Martinez", "Brown", "Lopez", "Jones", "Nguyen", "Davis", "Patel",
    "Rodriguez", "Wilson", "Anderson", "Jackson", "Thomas", "Gonzalez", "White", "Harris", "Kim",
    "Robinson", "Clark", "Ramirez", "Lewis", "Walker", "Perez", "Young", "Allen", "Sanchez", "Wright",
    "Tran",
)

MF = "Mon;Tue;Wed;Thu;Fri"
# code, name, skills (code -> certified for so many days from today; None: no expiry;
# negative: expired that many days ago), rate, shift, workdays, home town
TECHS = (
    ("T01", "Marcus Johnson", {"HVAC": 610, "REFR": None}, "98.00", (7 * 60, 15 * 60 + 30), MF, "Mesquite"),
    ("T02", "Rosa Delgado", {"HVAC": 420, "CTRL": None}, "104.00", (8 * 60, 17 * 60), MF, "Irving"),
    ("T03", "Tuan Nguyen", {"REFR": None, "HVAC": 270}, "96.50", (7 * 60, 15 * 60 + 30), MF, "Garland"),
    ("T04", "Jamal Washington", {"ELEC": 480, "FIRE": -12}, "108.00", (8 * 60, 17 * 60), MF, "DeSoto"),
    ("T05", "Emily Carter", {"ELEC": 210, "CTRL": None, "FIRE": 340}, "92.00", (8 * 60, 17 * 60), MF,
     "Carrollton"),
    ("T06", "Luis Hernández", {"PLMB": 330, "BOIL": 540}, "94.00", (7 * 60, 15 * 60 + 30), MF,
     "Grand Prairie"),
    ("T07", "Priya Patel", {"CTRL": None, "HVAC": 660}, "112.00", (8 * 60, 17 * 60), MF, "Plano"),
    ("T08", "Daniel Okafor", {"ELEC": 900}, "125.00", (7 * 60, 15 * 60 + 30), MF, "Duncanville"),
    ("T09", "Kevin O'Brien", {"HVAC": 360, "PLMB": 150, "BOIL": -26}, "101.00", (8 * 60, 17 * 60),
     "Sun;Mon;Tue;Wed;Thu", "Rowlett"),
    ("T10", "Ana Sofía Ramírez", {"FIRE": 570, "ELEC": 390}, "99.00", (8 * 60, 17 * 60), MF, "Dallas"),
    ("T11", "Brandon Miller", {"HVAC": 300}, "65.00", (7 * 60, 15 * 60 + 30), "Tue;Wed;Thu;Fri;Sat",
     "Arlington"),
    ("T12", "DeShawn Harris", {"PLMB": 240, "BOIL": 450}, "88.00", (7 * 60, 15 * 60 + 30), MF, "Dallas"),
    ("T13", "Mei Chen", {"REFR": None, "CTRL": 450}, "106.00", (8 * 60, 17 * 60), MF, "Richardson"),
    ("T14", "Caleb Thompson", {"HVAC": 510, "ELEC": 180}, "97.00", (10 * 60, 19 * 60), MF,
     "Farmers Branch"),
)
# tech code, first day (offset from this Monday), days, start minute, end minute, reason
TIME_OFF = (
    ("T07", 2, 1, 8 * 60, 17 * 60, "Training: Metasys SNE certification class"),
    ("T12", 4, 1, 13 * 60, 15 * 60 + 30, "Doctor's appointment"),
    ("T03", 9, 3, 0, 24 * 60, "Vacation"),
    ("T10", 11, 1, 0, 24 * 60, "Personal day"),
    ("T01", 7, 1, 7 * 60, 11 * 60, "Truck to the shop for service; in after 11:00"),
)

PARTS = (
    ("F-16252", "Pleated filter MERV 8, 16x25x2", "9.85", "ea"),
    ("F-20202", "Pleated filter MERV 8, 20x20x2", "11.40", "ea"),
    ("F-24242", "Pleated filter MERV 13, 24x24x2", "18.75", "ea"),
    ("BELT-A38", "V-belt A38", "14.20", "ea"),
    ("BELT-B52", "V-belt B52", "19.60", "ea"),
    ("CAP-4505", "Dual run capacitor 45/5 uF 440 V", "32.50", "ea"),
    ("CAP-7505", "Run capacitor 7.5 uF 370 V", "18.90", "ea"),
    ("CONT-2P40", "Contactor 2-pole 40 A, 24 V coil", "38.75", "ea"),
    ("MTR-CF13", "Condenser fan motor 1/3 HP 1075 rpm", "168.00", "ea"),
    ("ACT-24V", "Damper actuator 24 V, spring return", "214.00", "ea"),
    ("R410A", "Refrigerant R-410A", "28.40", "lb"),
    ("R404A", "Refrigerant R-404A", "34.90", "lb"),
    ("IGN-HSI", "Hot surface igniter", "46.50", "ea"),
    ("FLM-SENS", "Flame sensor", "24.80", "ea"),
    ("GAS-VALVE", "Gas valve 24 V, natural gas", "189.00", "ea"),
    ("IND-MTR", "Inducer motor assembly", "245.00", "ea"),
    ("TSTAT-PRG", "Programmable thermostat, 7-day", "129.00", "ea"),
    ("COIL-CLN", "Coil cleaner, alkaline", "24.50", "gal"),
    ("DRAIN-TAB", "Condensate pan treatment tablets", "9.50", "ea"),
    ("PUMP-CIRC", "Circulator pump 1/6 HP", "312.00", "ea"),
    ("BRK-QO120", "Circuit breaker 1-pole 20 A, QO", "12.95", "ea"),
    ("BRK-QO240", "Circuit breaker 2-pole 40 A, QO", "39.50", "ea"),
    ("BRK-3P200", "Circuit breaker 3-pole 200 A, 480 V", "548.00", "ea"),
    ("GFCI-20", "GFCI receptacle 20 A, tamper resistant", "24.60", "ea"),
    ("LED-2X4", "LED troffer retrofit kit 2x4", "78.00", "ea"),
    ("BATT-GEN", "Generator starting battery 12 V, group 31", "189.00", "ea"),
    ("BLOCK-HTR", "Engine block heater element 1500 W", "142.00", "ea"),
    ("CU-075L", "Copper pipe 3/4 in type L", "6.85", "ft"),
    ("BV-075", "Ball valve 3/4 in, full port, lead free", "22.40", "ea"),
    ("FLUSH-RK", "Flushometer rebuild kit", "36.90", "ea"),
    ("WH-ANODE", "Water heater anode rod", "41.00", "ea"),
    ("TP-VALVE", "T&P relief valve 3/4 in", "28.60", "ea"),
    ("BFP-RK", "Backflow preventer repair kit 3/4-2 in", "86.00", "ea"),
    ("SMOKE-PE", "Photoelectric smoke detector head", "64.50", "ea"),
    ("BATT-12V7", "Sealed lead-acid battery 12 V 7 Ah", "27.80", "ea"),
    ("GASKET-WI", "Walk-in door gasket, magnetic", "95.00", "ea"),
    ("DEFROST-TMR", "Defrost timer 24 h", "68.00", "ea"),
    ("EVAP-FAN", "Evaporator fan motor 16 W with blade", "92.00", "ea"),
    ("RTU-075T", "Packaged rooftop unit 7.5 ton, gas/electric", "11850.00", "ea"),
    ("WH-100G", "Commercial gas water heater 100 gal", "6890.00", "ea"),
    ("PNL-200A", "Panelboard 200 A, 42-circuit, 208Y/120 V", "1890.00", "ea"),
    ("CDU-3HP", "Condensing unit 3 HP, R-404A, medium temperature", "4275.00", "ea"),
    ("FACP-ADDR", "Addressable fire alarm control panel with batteries", "3980.00", "ea"),
    ("CTRL-SNE", "BAS supervisory network engine", "2650.00", "ea"),
    ("ATS-200A", "Automatic transfer switch 200 A", "3420.00", "ea"),
    ("ICE-500", "Ice machine head 500 lb/day with bin", "4120.00", "ea"),
)

Qty = tuple[str, tuple[str, ...]]  # sku, possible quantities


@dataclass(frozen=True)
class Fix:
    """A repair: the summary, what the caller said, what the technician wrote, parts used."""

    summary: str
    problem: str
    resolution: str
    parts: tuple[Qty, ...] = ()
    season: str = ""  # "heat" (Nov-Mar), "cool" (May-Sep) or "" (any time)
    hours: tuple[str, ...] = ("1", "1.5", "2", "2", "2.5", "3")
    places: tuple[str, ...] = ()  # kinds of customer where it makes sense (general work); () anywhere


@dataclass(frozen=True)
class Routine:
    """Planned work: maintenance, an inspection or an installation."""

    summary: str
    checklist: tuple[str, ...]
    resolution: str
    parts: tuple[Qty, ...] = ()
    hours: tuple[str, ...] = ("1", "1.5", "2")


@dataclass(frozen=True)
class Kind:
    """A category of equipment and the work it gets."""

    category: str
    tag: str
    skills: tuple[str, ...]
    makes: tuple[tuple[str, str], ...]
    warranty_years: int
    corrective: tuple[Fix, ...]
    emergency: tuple[Fix, ...] = ()
    pm: Routine | None = None
    inspection: Routine | None = None
    installation: Routine | None = None


def _one(sku: str) -> Qty:
    return (sku, ("1",))


KINDS: dict[str, Kind] = {
    k.category: k
    for k in (
        Kind(
            "RTU", "RTU", ("HVAC",),
            (("Carrier", "48FCEA06A2A6"), ("Trane", "YSC090H4RHA"), ("Lennox", "LGH120H4BM"),
             ("York", "ZF078N15N2A"), ("Rheem", "RKNL-B090CL15E")),
            5,
            corrective=(
                Fix("{a} short cycling",
                    "Unit cycles on and off every few minutes; space won't get below 78°F.",
                    "Dual run capacitor weak (45/5 uF measuring 31 uF) and contactor points pitted. "
                    "Replaced both; compressor at 14.2 A, 18°F split across the coil.",
                    (_one("CAP-4505"), _one("CONT-2P40")), "cool"),
                Fix("{a} blowing warm air",
                    "Thermostat has been calling for cooling since this morning but the supply air is warm.",
                    "Unit low on charge; leak at the Schrader core on the liquid line. Replaced core, "
                    "pressure tested, charged R-410A; superheat 11°F.",
                    (("R410A", ("2", "2.5", "3", "4")),), "cool"),
                Fix("{a} tripping on high head pressure",
                    "Unit runs a few minutes then shuts off; alarm on the thermostat.",
                    "Condenser fan motor seized and coil plugged with cottonwood. Replaced fan motor and "
                    "capacitor, cleaned coil; head pressure back to 320 psig.",
                    (_one("MTR-CF13"), _one("CAP-7505"), _one("COIL-CLN")), "cool", ("2", "2.5", "3")),
                Fix("{a} belt squeal on start-up",
                    "Loud squealing from the roof every time the unit starts.",
                    "Blower belt glazed and loose. Replaced belt, aligned pulleys, set tension.",
                    (_one("BELT-A38"),), "", ("1", "1.5")),
                Fix("{a} economizer stuck open",
                    "Office feels humid and clammy; the damper on the unit looks wide open.",
                    "Economizer actuator failed in the open position. Replaced actuator, checked minimum "
                    "position and changeover setpoint.",
                    (_one("ACT-24V"),)),
                Fix("{a} condensate leaking into ceiling",
                    "Water dripping through a ceiling tile under the roof unit.",
                    "Condensate trap plugged with algae. Cleared and flushed drain, added pan tablets, "
                    "checked float switch.",
                    (("DRAIN-TAB", ("2",)),), "cool", ("1", "1.5")),
                Fix("{a} no heat, burner not lighting",
                    "Heat is on but the air coming out is cold; the unit tries to start then stops.",
                    "Flame sensor coated and igniter cracked. Replaced igniter and flame sensor, "
                    "verified three heating cycles.",
                    (_one("IGN-HSI"), _one("FLM-SENS")), "heat"),
                Fix("{a} inducer motor noisy",
                    "Grinding noise from the roof unit when the heat comes on.",
                    "Inducer motor bearings worn. Replaced inducer assembly; heat cycling normally.",
                    (_one("IND-MTR"),), "heat"),
            ),
            emergency=(
                Fix("{a} down, no cooling, server closet at 90°F",
                    "Nothing coming out of the vents and the IT closet temperature alarm is going off.",
                    "Compressor contactor burned open. Replaced contactor and capacitor; unit back on line, "
                    "closet temperature falling.",
                    (_one("CONT-2P40"), _one("CAP-4505")), "cool", ("1.5", "2")),
                Fix("{a} smoke smell from supply vents",
                    "Burning smell coming from the vents; staff moved out of the area.",
                    "Blower motor wiring chafed and shorting to the housing. Repaired wiring, replaced belt, "
                    "ran the unit 30 minutes with no odor.",
                    (_one("BELT-A38"),), "", ("1.5", "2", "2.5")),
                Fix("{a} no heat, building at 58°F",
                    "No heat anywhere in the building since last night.",
                    "Gas valve not opening on a call for heat. Replaced gas valve, set manifold pressure "
                    "3.5 in WC.",
                    (_one("GAS-VALVE"),), "heat", ("1.5", "2", "2.5")),
            ),
            pm=Routine(
                "{a} quarterly PM",
                ("Replace filters", "Inspect and tension belts", "Clean condenser coil",
                 "Check refrigerant pressures and superheat", "Check contactors, capacitors and amp draws",
                 "Flush condensate drain"),
                "PM per checklist. Filters replaced, belt tensioned, coil cleaned. Suction {p1} psig, "
                "head {p2} psig, superheat {sh}°F.",
                (("F-20202", ("4", "6")), _one("BELT-A38")),
                ("1.5", "2"),
            ),
            installation=Routine(
                "Replace {a} with a new 7.5-ton rooftop unit",
                ("Lock out and disconnect the old unit", "Crane set on new adapter curb",
                 "Connect gas, power and condensate", "Start-up and record readings",
                 "Walk the customer through the new thermostat"),
                "Old unit craned off; new 7.5-ton unit set on the adapter curb and connected. Start-up "
                "complete: 17°F split, gas pressure 3.5 in WC, all safeties tested.",
                (_one("RTU-075T"), _one("TSTAT-PRG")),
            ),
        ),
        Kind(
            "AHU", "AHU", ("HVAC",),
            (("Trane", "CSAA012UA"), ("Daikin", "CAH017GDAC"), ("York", "XTI-066"), ("Carrier", "39MN10")),
            2,
            corrective=(
                Fix("{a} supply fan VFD faulted",
                    "Air handler alarm on the BAS and the supply fan is not running.",
                    "Drive tripped on overcurrent from a dry fan bearing. Reset drive, greased bearings, "
                    "amps back to nameplate.",
                    (), "", ("1.5", "2", "3")),
                Fix("{a} fan belts broken",
                    "No airflow on the third floor east wing.",
                    "Both fan belts shredded. Replaced the belt set, checked sheave alignment.",
                    (("BELT-B52", ("2",)),), "", ("1.5", "2")),
                Fix("{a} chilled water valve not modulating",
                    "Rooms served by the air handler are too warm.",
                    "Valve actuator stuck at 20 %. Replaced actuator, verified 0-100 % stroke from the BAS.",
                    (_one("ACT-24V"),), "cool"),
            ),
            pm=Routine(
                "{a} monthly filter change",
                ("Replace pre-filters and final filters", "Record filter pressure drop",
                 "Inspect belts and bearings", "Check coil and drain pan"),
                "Filters changed; pressure drop {dp} in WC before, 0.35 in WC after. Belts and bearings "
                "good.",
                (("F-24242", ("8", "12", "16")),),
                ("1.5", "2"),
            ),
        ),
        Kind(
            "Chiller", "CH", ("HVAC",),
            (("Trane", "RTAC 200"), ("Carrier", "30RB-150"), ("York", "YVAA0200"), ("Daikin", "AWV-150")),
            5,
            corrective=(
                Fix("Chiller {a} tripped on low evaporator pressure",
                    "Chiller alarm on the BAS; chilled water temperature rising.",
                    "Low charge from a leak at a flare fitting on the EXV. Repaired, added refrigerant, "
                    "reset; leaving water 44°F.",
                    (("R410A", ("10", "12", "14")),), "cool", ("3", "4")),
                Fix("Chiller {a} condenser fan not running",
                    "One of the fans on top of the chiller isn't spinning.",
                    "Fan motor failed. Replaced condenser fan motor and run capacitor.",
                    (_one("MTR-CF13"), _one("CAP-7505")), "", ("2", "3")),
            ),
            emergency=(
                Fix("Chiller {a} down, building losing cooling",
                    "Chiller shut down and the building is warming up fast.",
                    "Compressor tripped on high discharge pressure after a condenser fan contactor failed. "
                    "Replaced contactor, reset; both circuits running.",
                    (_one("CONT-2P40"),), "", ("2", "2.5")),
            ),
            pm=Routine(
                "Chiller {a} quarterly service",
                ("Log operating pressures and temperatures", "Check oil level and compressor amps",
                 "Clean condenser coils", "Inspect electrical connections", "Check flow switch and safeties"),
                "Quarterly service per checklist. Leaving water 44°F, approach {sh}°F, oil level normal, "
                "condenser coils cleaned.",
                (("COIL-CLN", ("2", "3")),),
                ("3", "4"),
            ),
        ),
        Kind(
            "Boiler", "B", ("BOIL",),
            (("Lochinvar", "Crest FBN1500"), ("Raypak", "XTherm XFB-1005"),
             ("Cleaver-Brooks", "ClearFire CFC-1000"), ("Weil-McLain", "88-5")),
            10,
            corrective=(
                Fix("Boiler {a} locking out on flame failure",
                    "Boiler keeps going into lockout and the rooms are cold.",
                    "Flame rod fouled and igniter worn. Replaced both; combustion CO 28 ppm, O2 5.1 %.",
                    (_one("IGN-HSI"), _one("FLM-SENS")), "heat", ("1.5", "2", "3")),
                Fix("Boiler {a} circulator pump noisy",
                    "Loud grinding noise from the boiler room.",
                    "Circulator bearing failing. Replaced circulator pump, purged air from the loop.",
                    (_one("PUMP-CIRC"),), "", ("2", "3")),
                Fix("Boiler {a} relief valve weeping",
                    "Water on the boiler room floor next to the boiler.",
                    "Relief valve weeping at 28 psi; expansion tank waterlogged. Recharged tank to 12 psi, "
                    "replaced relief valve.",
                    (_one("TP-VALVE"),)),
            ),
            emergency=(
                Fix("Boiler {a} down, no heat or hot water",
                    "No heat in the building and the tenants have no hot water.",
                    "Low-water cutoff tripped on a failed fill valve. Replaced the valve, reset the cutoff; "
                    "boiler firing, loop at 160°F.",
                    (_one("BV-075"),), "heat", ("2", "2.5")),
            ),
            pm=Routine(
                "Boiler {a} pre-season service",
                ("Inspect burner and clean flame sensor", "Test low-water cutoff", "Test relief valve",
                 "Combustion analysis", "Check expansion tank charge"),
                "Pre-season service per checklist. Combustion CO {co} ppm, O2 4.9 %; safeties tested.",
                (_one("FLM-SENS"),),
                ("2", "3"),
            ),
            inspection=Routine(
                "Annual boiler inspection, {a}",
                ("Test safety and operating controls", "Test low-water cutoff and relief valve",
                 "Inspect venting and combustion air", "Combustion analysis and record readings",
                 "Post the inspection certificate"),
                "Boiler inspected; all safeties tested and within limits. Combustion CO {co} ppm, O2 4.8 %, "
                "efficiency 87 %. Certificate posted in the boiler room.",
                (),
                ("2", "3"),
            ),
        ),
        Kind(
            "Water heater", "WH", ("PLMB",),
            (("A.O. Smith", "BTH-199"), ("Rheem", "G100-200"), ("Bradford White", "EF100T"),
             ("State", "SBD100199NE")),
            3,
            corrective=(
                Fix("Water heater {a} leaking at T&P valve",
                    "Water running out of the pipe on the side of the water heater.",
                    "T&P valve weeping. Replaced valve, verified 140°F at the tank.",
                    (_one("TP-VALVE"),), "", ("1", "1.5")),
                Fix("No hot water in kitchen, water heater {a}",
                    "Dish machine won't reach temperature and the sinks run cold.",
                    "Flame sensor failing and burner dirty. Replaced sensor, cleaned burner; recovery normal.",
                    (_one("FLM-SENS"),)),
                Fix("Water heater {a} rumbling, slow recovery",
                    "Water heater makes popping sounds and runs out of hot water fast.",
                    "Heavy sediment in the tank. Flushed tank, replaced anode rod.",
                    (_one("WH-ANODE"),), "", ("1.5", "2")),
            ),
            emergency=(
                Fix("Water heater {a} tank leaking, water on floor",
                    "Water pouring out of the bottom of the water heater.",
                    "Tank failed at the bottom seam. Shut off and drained; isolated with new ball valves, "
                    "replacement quote sent.",
                    (("BV-075", ("2",)),), "", ("1.5", "2")),
            ),
            pm=Routine(
                "Water heater {a} flush and anode check",
                ("Flush tank sediment", "Inspect anode rod", "Test T&P valve", "Check burner and venting"),
                "Tank flushed, anode checked, T&P tested; outlet {wt}°F.",
                (),
                ("1", "1.5"),
            ),
            installation=Routine(
                "Replace water heater {a} with a new 100-gal commercial unit",
                ("Drain and remove the old tank", "Set the new tank, connect gas and water",
                 "Install new T&P and expansion tank connection", "Fire and set to 140°F",
                 "Haul away the old tank"),
                "Old tank removed; new 100-gal heater set, piped and fired. Set to 140°F, T&P tested, "
                "old tank hauled away.",
                (_one("WH-100G"), ("BV-075", ("2",)), ("CU-075L", ("10", "12"))),
            ),
        ),
        Kind(
            "Backflow preventer", "BFP", ("PLMB",),
            (("Watts", "909-2"), ("Febco", "825Y"), ("Wilkins", "375"), ("Ames", "4000SS")),
            1,
            corrective=(
                Fix("Backflow {a} discharging from relief valve",
                    "The backflow device on the water line keeps spitting water.",
                    "Relief valve discharging due to a fouled check #1. Rebuilt with a repair kit, retested: "
                    "passed.",
                    (_one("BFP-RK"),), "", ("1.5", "2")),
            ),
            inspection=Routine(
                "Annual backflow test, {a}",
                ("Test check valve #1", "Test check valve #2", "Test relief valve opening point",
                 "Record results on the city test form", "Submit the report to the water utility"),
                "Tested per city requirements: check #1 held 5.2 psid, check #2 held 1.8 psid, relief "
                "opened at 2.6 psid. Passed; report filed with the water utility.",
                (),
                ("1",),
            ),
        ),
        Kind(
            "Panel", "LP", ("ELEC",),
            (("Square D", "QO342L225G"), ("Eaton", "Pow-R-Line PRL1a"), ("Siemens", "P1E42ML250CT"),
             ("GE", "AQU3422RCX")),
            1,
            corrective=(
                Fix("Breaker tripping on panel {a}",
                    "A breaker on the panel keeps tripping in the afternoon when everything is running.",
                    "Breaker 14 overloaded and weak. Replaced the 2-pole 40 A breaker, balanced load across "
                    "phases.",
                    (_one("BRK-QO240"),), "", ("1", "1.5", "2")),
                Fix("Replace 200A breaker on panel {a}",
                    "Main breaker on the panel is hot to the touch and smells.",
                    "Breaker lugs loose and discolored. Replaced the 200 A breaker, torqued lugs to spec; "
                    "IR scan under load normal.",
                    (_one("BRK-3P200"),), "", ("2", "3")),
                Fix("Dead circuits in break room, panel {a}",
                    "Outlets along the break room wall stopped working.",
                    "Failed GFCI downstream and a weak 20 A breaker. Replaced both, tested.",
                    (_one("GFCI-20"), _one("BRK-QO120")), "", ("1", "1.5")),
            ),
            emergency=(
                Fix("Burning smell at panel {a}, power off",
                    "Smell of burning plastic from the electrical room; we shut off the main.",
                    "Neutral bar connection burned. Replaced damaged conductors and two 20 A breakers, "
                    "restored power.",
                    (("BRK-QO120", ("2",)),), "", ("2", "2.5")),
            ),
            pm=Routine(
                "Panel {a} torque check and cleaning",
                ("De-energize and lock out", "Vacuum and clean the enclosure",
                 "Torque all terminations to spec", "Update the circuit directory"),
                "Panel cleaned, terminations torqued to spec, directory updated.",
                (),
                ("1.5", "2"),
            ),
            inspection=Routine(
                "Infrared scan of panel {a}",
                ("Scan under load", "Record hot spots", "Photograph findings", "Issue the report"),
                "IR scan under about 60 % load: no finding above 10°C rise. Report sent to facilities.",
                (),
                ("1", "1.5"),
            ),
            installation=Routine(
                "Install 200A subpanel off {a} for kitchen expansion",
                ("Permit posted on site", "Set panel and pipe feeders", "Terminate and label circuits",
                 "City inspection passed"),
                "New 200 A subpanel set and fed; 8 circuits terminated and labeled. City inspection passed.",
                (_one("PNL-200A"), ("BRK-QO240", ("2",)), ("BRK-QO120", ("6", "8"))),
            ),
        ),
        Kind(
            "Generator", "GEN", ("ELEC",),
            (("Generac", "SG150"), ("Kohler", "150REOZJF"), ("Cummins", "C150D6D"), ("Caterpillar", "D125")),
            5,
            corrective=(
                Fix("Generator {a} failed weekly exercise",
                    "The generator didn't start on its weekly test.",
                    "Starting battery failed its load test. Replaced battery, ran 30 minutes under load.",
                    (_one("BATT-GEN"),), "", ("1", "1.5")),
                Fix("Generator {a} low coolant temperature alarm",
                    "Generator panel shows a low coolant temperature alarm.",
                    "Block heater element open. Replaced element; heater holding 95°F.",
                    (_one("BLOCK-HTR"),), "heat", ("1.5", "2")),
            ),
            pm=Routine(
                "Generator {a} monthly load test",
                ("Check oil, coolant and fuel", "Run under load 30 minutes", "Test the transfer switch",
                 "Record run hours"),
                "Load test 30 minutes at {load} % load; transfer in 8 s. Fluids good, run hours logged.",
                (),
                ("1", "1.5"),
            ),
            inspection=Routine(
                "Annual load bank test, generator {a}",
                ("Connect the load bank", "Run 2 hours at 75 % load", "Record voltage, frequency and temperatures",
                 "Test the transfer switch", "Issue the report"),
                "Load bank test 2 hours at 75 %; voltage and frequency stable, no alarms. Report issued.",
                (),
                ("3", "4"),
            ),
            installation=Routine(
                "Install automatic transfer switch for generator {a}",
                ("Lock out utility feed", "Mount and wire the transfer switch", "Program exercise schedule",
                 "Test transfer under load"),
                "200 A transfer switch installed and wired; exercise set to Mondays 10:00; transfer tested "
                "under load.",
                (_one("ATS-200A"),),
            ),
        ),
        Kind(
            "Fire alarm panel", "FACP", ("FIRE",),
            (("Notifier", "NFS2-640"), ("Simplex", "4100ES"), ("Edwards", "EST3"), ("Fire-Lite", "ES-200X")),
            3,
            corrective=(
                Fix("Fire alarm panel {a} in trouble, ground fault",
                    "The fire alarm panel is beeping and says trouble.",
                    "Ground fault on SLC loop 2 traced to water in a junction box at the loading dock. "
                    "Repaired the splice, cleared the trouble.",
                    (), "", ("2", "3")),
                Fix("Fire alarm panel {a} battery trouble",
                    "Panel shows battery trouble.",
                    "Standby batteries failed the load test (dated 2021). Replaced both batteries.",
                    (("BATT-12V7", ("2",)),), "", ("1", "1.5")),
                Fix("Dirty smoke detector on {a}",
                    "Panel shows a dirty detector in the second floor corridor.",
                    "Detector at address 1-047 over sensitivity. Replaced the head, tested.",
                    (_one("SMOKE-PE"),), "", ("1", "1.5")),
            ),
            emergency=(
                Fix("False alarms from {a}, fire department on site",
                    "The alarm went off twice tonight; the fire department says we need a tech now.",
                    "Duct detector on AHU-2 contaminated and causing alarms. Replaced the head, cleaned the "
                    "housing, tested; fire watch released by the FD.",
                    (_one("SMOKE-PE"),), "", ("2", "2.5")),
            ),
            inspection=Routine(
                "Semi-annual fire alarm test, {a}",
                ("Test all initiating devices", "Test notification appliances",
                 "Load test standby batteries", "Test monitoring communication", "Complete the NFPA 72 report"),
                "Tested {devices} devices. Two deficiencies: detector 2-014 failed sensitivity (replaced) "
                "and a horn/strobe in stair 3 not synchronizing (replaced). NFPA 72 report filed.",
                (_one("SMOKE-PE"),),
                ("3", "4", "5"),
            ),
            installation=Routine(
                "Replace fire alarm panel {a} with an addressable system",
                ("Fire watch arranged with the owner", "Mount panel and land circuits",
                 "Program points and test every device", "Monitoring company test signals",
                 "Acceptance test with the fire marshal"),
                "New addressable panel installed and programmed; every device tested; monitoring signals "
                "confirmed. Acceptance test passed.",
                (_one("FACP-ADDR"),),
            ),
        ),
        Kind(
            "Walk-in cooler", "WIC", ("REFR",),
            (("Kolpak", "KCU-3"), ("Norlake", "CAPB"), ("Imperial Brown", "IB-810"), ("Heatcraft", "Pro3")),
            2,
            corrective=(
                Fix("Walk-in cooler {a} running warm (48°F)",
                    "Walk-in is at 48°F; product at risk.",
                    "Evaporator iced solid, defrost timer failed. Replaced timer, manual defrost; box at 37°F "
                    "within 2 hours.",
                    (_one("DEFROST-TMR"),), "", ("1.5", "2")),
                Fix("Walk-in cooler {a} door not sealing",
                    "Door gasket torn and ice building up at the door.",
                    "Replaced the door gasket and adjusted the closer.",
                    (_one("GASKET-WI"),), "", ("1", "1.5")),
                Fix("Walk-in cooler {a} evaporator fan noisy",
                    "Rattling noise inside the walk-in.",
                    "Evaporator fan motor bearing failed. Replaced fan motor and blade.",
                    (_one("EVAP-FAN"),), "", ("1", "1.5")),
            ),
            emergency=(
                Fix("Walk-in cooler {a} down, product at risk",
                    "Walk-in at 55°F and rising; we are moving food to the reach-ins.",
                    "Condensing unit contactor burned and a leak at a flare nut. Replaced contactor, repaired "
                    "leak, charged R-404A.",
                    (_one("CONT-2P40"), ("R404A", ("2", "3"))), "", ("2", "2.5")),
            ),
            pm=Routine(
                "Walk-in cooler {a} monthly PM",
                ("Clean condenser coil", "Check box temperature and defrost", "Inspect door gasket and heater",
                 "Check refrigerant sight glass", "Clean evaporator drain line"),
                "PM per checklist; box at {box}°F, defrost normal, sight glass clear.",
                (_one("COIL-CLN"),),
                ("1", "1.5"),
            ),
            installation=Routine(
                "Replace condensing unit on walk-in cooler {a}",
                ("Recover refrigerant", "Set the new condensing unit", "Braze, pressure test and evacuate",
                 "Charge and start up", "Record box temperature pull-down"),
                "New 3 HP condensing unit set; lines brazed, tested at 300 psig, evacuated to 400 microns; "
                "charged and pulled the box down to 36°F.",
                (_one("CDU-3HP"), ("R404A", ("12", "14"))),
            ),
        ),
        Kind(
            "Walk-in freezer", "WIF", ("REFR",),
            (("Kolpak", "KCL-4"), ("Norlake", "CAPA"), ("Heatcraft", "PTN034")),
            2,
            corrective=(
                Fix("Walk-in freezer {a} at 15°F",
                    "Freezer at 15°F and the ice cream is getting soft.",
                    "Defrost termination switch stuck; coil iced. Replaced timer, cleared ice; box at -5°F.",
                    (_one("DEFROST-TMR"),), "", ("1.5", "2", "2.5")),
                Fix("Walk-in freezer {a} door frame heater out",
                    "Freezer door freezing shut.",
                    "Door frame heater wire open at the splice. Repaired, replaced gasket.",
                    (_one("GASKET-WI"),), "", ("1.5", "2")),
            ),
            emergency=(
                Fix("Walk-in freezer {a} down, product at risk",
                    "Freezer at 25°F and rising fast.",
                    "Compressor contactor welded open. Replaced contactor, unit pulling down.",
                    (_one("CONT-2P40"),), "", ("1.5", "2")),
            ),
            pm=Routine(
                "Walk-in freezer {a} monthly PM",
                ("Clean condenser coil", "Check box temperature and defrost", "Inspect door heater and gasket",
                 "Check drain line heater"),
                "PM per checklist; box at -6°F, defrost terminating on temperature.",
                (_one("COIL-CLN"),),
                ("1", "1.5"),
            ),
        ),
        Kind(
            "Ice machine", "IM", ("REFR",),
            (("Manitowoc", "IYT0500A"), ("Hoshizaki", "KM-515MAJ"), ("Scotsman", "C0530MA")),
            3,
            corrective=(
                Fix("Ice machine {a} not harvesting",
                    "The ice machine is full of one solid sheet of ice.",
                    "Harvest assist failed and the inlet valve scaled. Descaled and sanitized, cleared the "
                    "sheet; harvest normal.",
                    (), "", ("1.5", "2")),
                Fix("Ice machine {a} low production",
                    "Barely half a bin of ice by lunch.",
                    "Condenser plugged with grease. Cleaned condenser and water distribution tube.",
                    (_one("COIL-CLN"),), "cool", ("1", "1.5")),
            ),
            pm=Routine(
                "Ice machine {a} clean and sanitize",
                ("Empty bin and discard ice", "Descale evaporator", "Sanitize bin and water system",
                 "Clean condenser", "Replace water filter"),
                "Machine descaled and sanitized, condenser cleaned.",
                (),
                ("1.5", "2"),
            ),
            installation=Routine(
                "Install new ice machine {a}",
                ("Set bin and head", "Connect water, drain and power", "Install water filter",
                 "Start up and check harvest"),
                "New 500 lb ice machine set on bin, connected and started; first harvest in 22 minutes.",
                (_one("ICE-500"),),
            ),
        ),
        Kind(
            "Refrigeration rack", "RK", ("REFR",),
            (("Hussmann", "Protocol PR-3"), ("Kysor Warren", "KWS-4"), ("Hill Phoenix", "Advansor")),
            3,
            corrective=(
                Fix("Rack {a} compressor 2 tripping",
                    "Rack alarm: compressor 2 keeps tripping off.",
                    "Compressor 2 contactor worn. Replaced contactor, checked oil pressure and amps.",
                    (_one("CONT-2P40"),), "", ("1.5", "2")),
                Fix("Rack {a} low refrigerant alarm",
                    "Receiver level alarm on the refrigeration rack.",
                    "Leak at a case valve in the dairy aisle. Repaired and added refrigerant.",
                    (("R404A", ("15", "20", "25")),), "", ("3", "4")),
            ),
            emergency=(
                Fix("Rack {a} down, cases warming",
                    "All the cases in the store are warming up.",
                    "Main contactor on the rack failed. Replaced it; rack running, cases recovering.",
                    (_one("CONT-2P40"),), "", ("2", "2.5")),
            ),
            pm=Routine(
                "Refrigeration rack {a} monthly PM",
                ("Check oil levels and pressures", "Check receiver level", "Leak check machine room",
                 "Clean condenser", "Review alarm history"),
                "Monthly rack PM; suction {p1} psig, receiver at 40 %, no leaks found.",
                (_one("COIL-CLN"),),
                ("2", "3"),
            ),
        ),
        Kind(
            "BAS controller", "NAE", ("CTRL",),
            (("Johnson Controls", "Metasys NAE55"), ("Honeywell", "WEBs-N4"), ("Distech", "ECLYPSE APEX"),
             ("Tridium", "JACE 8000")),
            2,
            corrective=(
                Fix("BAS controller {a} offline",
                    "We can't see the building on the BAS front end.",
                    "Controller locked up after a power blip. Replaced a failed 24 V transformer, rebooted, "
                    "restored trends.",
                    (), "", ("1.5", "2")),
                Fix("Zone schedules wrong on {a}",
                    "Heat comes on at 3 a.m. and goes off during the day.",
                    "Controller clock and schedules off after the time change. Synced NTP, corrected "
                    "occupancy schedules.",
                    (), "", ("1", "1.5")),
            ),
            pm=Routine(
                "BAS controller {a} quarterly check",
                ("Back up the database", "Review alarms and overrides", "Check trends and schedules",
                 "Verify time sync"),
                "Database backed up; 4 stale overrides released; schedules verified.",
                (),
                ("1", "1.5"),
            ),
            installation=Routine(
                "Upgrade {a} to a new supervisory controller",
                ("Back up the old controller", "Mount and power the new controller",
                 "Migrate points and graphics", "Verify every trend and alarm", "Train building staff"),
                "New supervisory engine installed; points and graphics migrated, trends and alarms "
                "verified; staff trained.",
                (_one("CTRL-SNE"),),
            ),
        ),
        Kind(
            "CRAC unit", "CRAC", ("HVAC", "CTRL"),
            (("Liebert", "DS070"), ("Stulz", "CyberAir 3"), ("Vertiv", "Liebert CRV")),
            3,
            corrective=(
                Fix("{a} high humidity alarm",
                    "High humidity alarm in the data hall from this unit.",
                    "Humidifier canister spent and the dehumidification call not staging. Replaced canister, "
                    "corrected the control setpoint.",
                    (), "", ("2", "3")),
                Fix("{a} compressor short cycling",
                    "The CRAC unit keeps cycling its compressor.",
                    "Low-pressure switch chattering from a low charge. Found and repaired a leak, charged "
                    "R-410A.",
                    (("R410A", ("3", "4")),), "", ("2", "3")),
            ),
            emergency=(
                Fix("{a} down, data hall temperature rising",
                    "CRAC unit off and the cold aisle is at 84°F.",
                    "Blower motor contactor failed. Replaced it; unit running, cold aisle back to 72°F.",
                    (_one("CONT-2P40"),), "", ("1.5", "2")),
            ),
            pm=Routine(
                "{a} monthly PM",
                ("Replace filters", "Check humidifier canister", "Check refrigerant circuit",
                 "Verify controls and alarms"),
                "Monthly PM; filters replaced, humidifier good, supply air 58°F, alarms tested.",
                (("F-20202", ("4",)),),
                ("1.5", "2"),
            ),
        ),
        Kind(
            "Exhaust fan", "EF", ("HVAC",),
            (("Greenheck", "CUBE-180"), ("Loren Cook", "180V15D"), ("CaptiveAire", "DU180HFA")),
            2,
            corrective=(
                Fix("Kitchen exhaust fan {a} not running",
                    "Smoke rolling out of the hood; the exhaust fan on the roof is not running.",
                    "Fan belt thrown and the motor overload tripped. Replaced belt, reset overload, checked "
                    "amps.",
                    (_one("BELT-A38"),), "", ("1", "1.5")),
            ),
            pm=Routine(
                "Exhaust fan {a} belt and bearing service",
                ("Inspect and replace belt", "Grease bearings", "Clean grease containment",
                 "Check hinge kit and wiring"),
                "Belt replaced, bearings greased, grease box emptied.",
                (_one("BELT-A38"),),
                ("1",),
            ),
        ),
    )
}

# General work: by skill, on a site (asset optional).
GENERAL: dict[str, tuple[Fix, ...]] = {
    "ELEC": (
        Fix("Install two GFCI receptacles in break room",
            "We need GFCI outlets by the new coffee station.",
            "Installed two 20 A GFCI receptacles on a new circuit, tested trip.",
            (("GFCI-20", ("2",)), _one("BRK-QO120")), "", ("2", "3"),
            ("office", "school", "hospital", "factory", "warehouse", "auto", "clinic", "municipal", "fitness")),
        Fix("Retrofit LED fixtures in warehouse aisle 4",
            "Half the lights in aisle 4 are out.",
            "Retrofitted fixtures with LED kits; aisle at 32 fc.",
            (("LED-2X4", ("4", "6", "8")),), "", ("3", "4"),
            ("warehouse", "cold storage", "grocery", "factory")),
        Fix("Add dedicated circuit for new copier",
            "New copier keeps tripping the breaker in the workroom.",
            "Ran a dedicated 20 A circuit from the panel, new receptacle, labeled directory.",
            (_one("BRK-QO120"), _one("GFCI-20")), "", ("2", "3"),
            ("office", "school", "clinic", "municipal", "auto")),
    ),
    "PLMB": (
        Fix("Snake kitchen floor drain",
            "Floor drain backing up by the dish station.",
            "Cabled 40 ft of line, cleared a grease blockage, flushed with hot water.",
            (), "", ("1", "1.5", "2"),
            ("restaurant", "hotel", "school", "senior living", "hospital", "grocery")),
        Fix("Rebuild flush valves in men's restroom",
            "Toilets in the men's room run constantly.",
            "Rebuilt three flushometers; adjusted flush volume.",
            (("FLUSH-RK", ("3",)),), "", ("1.5", "2"),
            ("office", "school", "municipal", "fitness", "retail", "church", "hospital")),
        Fix("Install hose bibb at loading dock",
            "Need a water connection at the dock for washing down.",
            "Tapped the 3/4 in line, installed a frost-free hose bibb with a vacuum breaker.",
            (("CU-075L", ("8", "12")), _one("BV-075")), "", ("2", "3"),
            ("warehouse", "grocery", "factory", "cold storage", "auto")),
    ),
    "HVAC": (
        Fix("Relocate thermostat in conference room",
            "The thermostat is on the sunny wall and the room overcools.",
            "Moved the thermostat to the interior wall with a new cable run; programmed schedule.",
            (_one("TSTAT-PRG"),), "", ("2", "3"),
            ("office", "church", "municipal", "school", "clinic")),
        Fix("Balance airflow for second floor offices",
            "Offices on the east side are always cold, west side hot.",
            "Measured and balanced 14 diffusers; east side dampers throttled, west opened.",
            (), "", ("3", "4"),
            ("office", "hospital", "school", "clinic")),
    ),
    "CTRL": (
        Fix("Set holiday occupancy schedules",
            "The building closes for the holidays; please set the schedules.",
            "Holiday schedules entered for all air handlers and lighting zones.",
            (), "", ("1", "1.5"),
            ("office", "school", "hospital", "municipal", "hotel")),
        Fix("Add trend logs for air handler discharge temperatures",
            "Engineering wants trends on every air handler's discharge temperature.",
            "Added 15-minute trends on discharge and mixed air temperatures; shared a trend view.",
            (), "", ("1.5", "2"),
            ("hospital", "office", "data center", "hotel")),
    ),
    "FIRE": (
        Fix("Replace exit sign and emergency light batteries",
            "Several exit signs failed the monthly push-button test.",
            "Replaced batteries in 9 exit and emergency lights; 90-minute test passed.",
            (("BATT-12V7", ("6", "9")),), "", ("2", "3")),
    ),
    "REFR": (
        Fix("Replace reach-in cooler door gaskets",
            "Reach-in door gaskets are torn and sweating.",
            "Replaced four door gaskets, adjusted hinges.",
            (("GASKET-WI", ("2",)),), "", ("1", "1.5"),
            ("restaurant", "grocery", "hotel", "senior living")),
    ),
}

# customer code, name, kind, billing address, tax-exempt, sites (name, town)
CUSTOMERS = (
    ("CSMC", "Cedar Springs Medical Center", "hospital",
     "Accounts Payable\n3400 Cedar Springs Rd\nDallas, TX 75219", False,
     (("Main Hospital", "Dallas"), ("Outpatient Pavilion", "Dallas"), ("Medical Office Building", "Dallas"),
      ("Cancer Center", "Irving"))),
    ("TVISD", "Trinity Valley ISD", "school",
     "Maintenance & Operations\n1200 W Pioneer Pkwy\nGrand Prairie, TX 75051", True,
     (("Administration Building", "Grand Prairie"), ("Bluebonnet Elementary", "Grand Prairie"),
      ("Pecan Grove Elementary", "Duncanville"), ("Westlake Middle School", "Grand Prairie"),
      ("Trinity Valley High School", "Arlington"), ("Transportation Center", "Grand Prairie"))),
    ("MGG", "Magnolia Grill Group", "restaurant",
     "Attn: Facilities\n2100 McKinney Ave, Suite 700\nDallas, TX 75201", False,
     (("Magnolia Grill Uptown", "Dallas"), ("Magnolia Grill Legacy", "Plano"),
      ("Magnolia Grill Las Colinas", "Irving"), ("Magnolia Commissary Kitchen", "Carrollton"))),
    ("PSBC", "Pecan Street Bakery & Café", "restaurant",
     "415 W Campbell Rd\nRichardson, TX 75080", False, (("Bakery & Café", "Richardson"),)),
    ("SSBQ", "Smokestack BBQ", "restaurant",
     "PO Box 140233\nDallas, TX 75214", False, (("Deep Ellum", "Dallas"), ("Garland", "Garland"))),
    ("SOP", "Stemmons Office Partners", "office",
     "c/o Property Management Office\n2700 Stemmons Fwy, Suite 100\nDallas, TX 75207", False,
     (("Stemmons Tower East", "Dallas"), ("Stemmons Tower West", "Dallas"))),
    ("LPPM", "Legacy Park Property Management", "apartments",
     "5800 Legacy Dr, Suite 300\nPlano, TX 75024", False,
     (("Legacy Park Apartments", "Plano"), ("Creekview Villas", "Richardson"), ("The Oaks at Rowlett", "Rowlett"),
      ("Mockingbird Lofts", "Dallas"), ("Duncanville Gardens", "Duncanville"))),
    ("RBAH", "Redbird Apartment Homes", "apartments",
     "3600 W Camp Wisdom Rd\nDallas, TX 75237", False,
     (("Redbird Commons", "Duncanville"), ("Redbird Heights", "DeSoto"))),
    ("NTCS", "North Texas Cold Storage", "cold storage",
     "Accounts Payable\n2250 E Irving Blvd\nIrving, TX 75061", False,
     (("Irving Distribution Center", "Irving"), ("Mesquite Freezer Facility", "Mesquite"))),
    ("PLC", "Prairie Logistics Center", "warehouse",
     "1700 Great Southwest Pkwy\nGrand Prairie, TX 75050", False, (("Building 3", "Grand Prairie"),)),
    ("GFC", "Grace Fellowship Church", "church",
     "900 N Garland Ave\nGarland, TX 75040", True, (("Sanctuary & Education Wing", "Garland"),)),
    ("MESQ", "City of Mesquite Facilities", "municipal",
     "Facilities Division\n1515 N Galloway Ave\nMesquite, TX 75149", True,
     (("Central Library", "Mesquite"), ("Rutherford Recreation Center", "Mesquite"), ("Fire Station 4", "Mesquite"))),
    ("CCH", "Canyon Creek Hotel", "hotel",
     "Engineering Department\n15100 Dallas Pkwy\nAddison, TX 75001", False,
     (("Canyon Creek Hotel & Conference Center", "Addison"),)),
    ("HSL", "Heritage Senior Living", "senior living",
     "1400 E Spring Valley Rd\nRichardson, TX 75081", False,
     (("Heritage at Spring Valley", "Richardson"), ("Heritage at Coppell", "Coppell"))),
    ("DFWDV", "DFW Data Vault", "data center",
     "2800 Trinity Mills Rd\nCarrollton, TX 75006", False, (("DV1 Data Center", "Carrollton"),)),
    ("OCDG", "Oak Cliff Dental Group", "clinic",
     "1025 W Davis St\nDallas, TX 75208", False, (("Oak Cliff Dental", "Dallas"),)),
    ("WSAH", "Westside Animal Hospital", "clinic",
     "2210 W Jefferson St\nGrand Prairie, TX 75051", False, (("Westside Animal Hospital", "Grand Prairie"),)),
    ("TTF", "Tejas Tortilla Factory", "factory",
     "4100 Singleton Blvd\nDallas, TX 75212", False, (("Production Plant", "Dallas"),)),
    ("SFC", "Summit Fitness Clubs", "fitness",
     "Corporate Office\n4950 Belt Line Rd\nAddison, TX 75254", False,
     (("Summit Addison", "Addison"), ("Summit Plano", "Plano"), ("Summit Mesquite", "Mesquite"))),
    ("LSCU", "Lone Star Community Credit Union", "office",
     "Facilities\n600 W Walnut St\nGarland, TX 75040", False,
     (("Main Office", "Garland"), ("Rowlett Branch", "Rowlett"), ("Richardson Branch", "Richardson"),
      ("Operations Center", "Farmers Branch"))),
    ("HARV", "Harvest Fresh Grocery", "grocery",
     "Store Support Center\n3300 N Shiloh Rd\nGarland, TX 75044", False,
     (("Store #12 Garland", "Garland"), ("Store #15 Irving", "Irving"), ("Store #21 DeSoto", "DeSoto"))),
    ("RBSC", "Riverbend Shopping Center", "retail",
     "Management Office\n2201 E Lamar Blvd\nArlington, TX 76006", False,
     (("Riverbend Shopping Center", "Arlington"),)),
    ("MAG", "Metroplex Auto Group", "auto",
     "1500 W Airport Fwy\nIrving, TX 75062", False,
     (("Metroplex Honda", "Irving"), ("Metroplex Ford", "Mesquite"))),
    ("BBC", "Brazos Brewing Co.", "factory",
     "2900 Canton St\nDallas, TX 75226", False, (("Brewery & Taproom", "Dallas"),)),
    ("AKL", "Alvarez & Kim, PLLC", "office",
     "1717 Main St, Suite 1200\nDallas, TX 75201", False, (("Law Offices, Suite 1200", "Dallas"),)),
    ("USL", "Union Station Lofts HOA", "apartments",
     "c/o Lonestar HOA Services\nPO Box 225501\nDallas, TX 75222", False, (("Union Station Lofts", "Dallas"),)),
    ("MAR", "Montessori Academy of Richardson", "school",
     "800 N Coit Rd\nRichardson, TX 75080", False, (("Campus", "Richardson"),)),
    ("PIA", "Polar Ice Arena", "ice rink",
     "12000 Marsh Ln\nFarmers Branch, TX 75234", False, (("Polar Ice Arena", "Farmers Branch"),)),
    ("SRP", "Sunrise Pediatrics", "clinic",
     "Attn: Office Manager\n120 S Denton Tap Rd\nCoppell, TX 75019", False, (("Sunrise Pediatrics Coppell", "Coppell"),)),
    ("PWW", "Parkway Warehouse Partners", "warehouse",
     "1001 Freeport Pkwy\nCoppell, TX 75019", False, (("Parkway Distribution", "Coppell"),)),
)

# kind -> (equipment to draw from, fewest, most)
KIND_ASSETS = {
    "hospital": (("AHU", "AHU", "Chiller", "Boiler", "Generator", "Fire alarm panel", "Backflow preventer",
                  "BAS controller"), 3, 4),
    "school": (("RTU", "RTU", "Boiler", "Fire alarm panel", "Backflow preventer", "Water heater", "Panel"), 2, 4),
    "restaurant": (("RTU", "Walk-in cooler", "Walk-in freezer", "Water heater", "Ice machine", "Exhaust fan"),
                   2, 4),
    "office": (("RTU", "RTU", "Chiller", "AHU", "Panel", "Fire alarm panel", "BAS controller"), 2, 4),
    "apartments": (("Boiler", "Water heater", "Panel", "Fire alarm panel", "Backflow preventer"), 1, 3),
    "cold storage": (("Refrigeration rack", "Walk-in freezer", "Panel", "Generator"), 2, 4),
    "warehouse": (("RTU", "Panel", "Fire alarm panel", "Generator"), 1, 3),
    "church": (("RTU", "Water heater", "Fire alarm panel"), 1, 2),
    "municipal": (("RTU", "Boiler", "Generator", "Fire alarm panel", "Panel"), 2, 3),
    "hotel": (("Boiler", "Chiller", "Water heater", "Fire alarm panel", "Ice machine", "AHU"), 3, 4),
    "senior living": (("Boiler", "Water heater", "Fire alarm panel", "Generator", "RTU"), 2, 4),
    "data center": (("CRAC unit", "CRAC unit", "Generator", "Panel", "Fire alarm panel"), 3, 4),
    "clinic": (("RTU", "Water heater", "Panel"), 1, 3),
    "factory": (("Panel", "Boiler", "Chiller", "Backflow preventer", "Refrigeration rack"), 2, 3),
    "fitness": (("RTU", "Water heater", "Boiler", "Panel"), 2, 3),
    "grocery": (("Refrigeration rack", "Walk-in cooler", "Walk-in freezer", "RTU", "Panel"), 3, 4),
    "retail": (("RTU", "RTU", "Panel", "Fire alarm panel"), 1, 3),
    "auto": (("RTU", "Panel", "Water heater"), 1, 2),
    "ice rink": (("Refrigeration rack", "Panel", "Generator"), 2, 3),
}

ACCESS = {
    "hospital": ("Check in at the security desk at the east entrance; photo ID and vendor badge required. "
                 "Infection-control (ICRA) precautions above ceilings. Roof via stair 4 with a facilities escort."),
    "school": ("Sign in at the front office for a visitor badge. No work in occupied classrooms 7:45-3:30 "
               "without the principal's OK. Boiler room key with the head custodian."),
    "restaurant": "Use the back door off the alley; ask for the kitchen manager. Avoid the 11:00-13:30 lunch rush.",
    "office": ("Loading dock off the service drive, dock code {code}#. Roof hatch key at the management office, "
               "suite 100."),
    "apartments": ("Gate code #{code}. Leasing office has the mechanical room keys; tenants need 24 h notice "
                   "before we enter units."),
    "cold storage": "Check in at the shipping office. Freezer PPE required (-10°F). Hi-vis vest on the dock.",
    "warehouse": "Check in at the guard shack; hi-vis vest and safety shoes required. Use dock door 12.",
    "church": "Facilities manager meets us on site; the building is locked on Mondays.",
    "municipal": "City vendor badge at the front desk; every invoice must reference the city PO number.",
    "hotel": "Engineering office on B1, ask for the chief engineer. Guest floors: no noisy work before 9:00.",
    "senior living": "Sign in at reception; residents' rooms only with staff present. Quiet hours after 20:00.",
    "data center": ("Escort required at all times; access request 24 h ahead. No photos in the white space. "
                    "Badge at the security vestibule."),
    "clinic": "Check in with the front desk; mechanical closet key in the office manager's desk.",
    "factory": "Safety glasses and hearing protection in production. Check in at the front office.",
    "fitness": "Front desk will call the manager; pool equipment room in the basement.",
    "grocery": "Enter through receiving at the rear; the store manager signs vendors in. Rack room above receiving.",
    "retail": "Management office in the food court; roof access by the ladder in the east service corridor.",
    "auto": "Enter at the service drive and ask for the service manager.",
    "ice rink": "Compressor room behind the Zamboni bay; ask for the operations manager.",
}

# code, customer, equipment, type, rule ({m1}/{m2}: months relative to today), hour, lead days,
# preferred technician, summary
PLANS = (
    ("PM-CSMC-AHU", "CSMC", "AHU", WT.PREVENTIVE, "FREQ=MONTHLY;BYDAY=1TU", 16, 10, "T01",
     "Monthly filter change, {a}"),
    ("PM-CSMC-CH", "CSMC", "Chiller", WT.PREVENTIVE, "FREQ=MONTHLY;INTERVAL=3;BYDAY=2WE", 16, 14, "T03",
     "Quarterly chiller service, {a}"),
    ("PM-TVISD-BLR", "TVISD", "Boiler", WT.INSPECTION, "FREQ=YEARLY;BYMONTH={m2};BYMONTHDAY=15", 16, 21, "T06",
     "Annual boiler inspection, {a}"),
    ("PM-TVISD-FA", "TVISD", "Fire alarm panel", WT.INSPECTION, "FREQ=MONTHLY;INTERVAL=6;BYDAY=1TH", 16, 21,
     "T10", "Semi-annual fire alarm test, {a}"),
    ("PM-HARV-RACK", "HARV", "Refrigeration rack", WT.PREVENTIVE, "FREQ=MONTHLY;BYMONTHDAY=20", 17, 7, "T13",
     "Monthly refrigeration rack PM, {a}"),
    ("PM-MGG-WIC", "MGG", "Walk-in cooler", WT.PREVENTIVE, "FREQ=MONTHLY;BYDAY=3TH", 16, 7, None,
     "Monthly walk-in cooler PM, {a}"),
    ("PM-LPPM-BFP", "LPPM", "Backflow preventer", WT.INSPECTION, "FREQ=YEARLY;BYMONTH={m1};BYMONTHDAY=10", 16,
     14, "T12", "Annual backflow test, {a}"),
    ("PM-SOP-RTU", "SOP", "RTU", WT.PREVENTIVE, "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU", 17, 10, None,
     "Quarterly RTU service, {a}"),
    ("PM-DFWDV-GEN", "DFWDV", "Generator", WT.PREVENTIVE, "FREQ=MONTHLY;BYDAY=-1FR", 15, 7, "T08",
     "Monthly generator load test, {a}"),
    ("PM-DFWDV-CRAC", "DFWDV", "CRAC unit", WT.PREVENTIVE, "FREQ=MONTHLY;BYMONTHDAY=1", 17, 10, "T07",
     "Monthly PM, {a}"),
    ("PM-SFC-WH", "SFC", "Water heater", WT.PREVENTIVE, "FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=5", 17, 14, None,
     "Semi-annual water heater flush, {a}"),
)

# customer, site index or None (every site), name, scope, not to exceed, start (days from today), months
AGREEMENTS = (
    ("CSMC", None, "Comprehensive HVAC and controls agreement",
     ("Monthly filter changes and quarterly PM on air handlers, chillers and boilers; filters and belts "
      "included; 4-hour emergency response 24/7; repairs at contract labor rates."), "85000.00", -240, 12),
    ("CSMC", 3, "Cancer Center chiller labor coverage",
     "Labor on chiller repairs at the Cancer Center covered; parts billed at cost plus 15 %.", "12000.00", -120, 12),
    ("TVISD", None, "District PM and fire alarm testing",
     ("Semi-annual fire alarm testing, annual boiler and backflow inspections, quarterly RTU PM at every "
      "campus."), "42000.00", -300, 24),
    ("DFWDV", None, "Critical cooling 24/7 coverage",
     ("Monthly CRAC PM and generator load tests; 2-hour emergency response; parts and refrigerant "
      "included up to the limit."), "60000.00", -200, 12),
    ("HARV", None, "Refrigeration maintenance, all stores",
     "Monthly rack PM and walk-in PM at every store; emergency response within 4 hours.", "30000.00", -90, 12),
    ("MGG", None, "Kitchen refrigeration PM",
     "Monthly walk-in and ice machine PM at all locations.", "9000.00", -405, 12),
)

# reason, what the caller said (None: a repair from the catalogue), kind of customer (None: any)
REJECTIONS = (
    ("Covered by the manufacturer's warranty; the customer will call the dealer", None, None),
    ("Tenant responsibility under the lease; referred to the property manager",
     "Tenant in unit 214 says the garbage disposal is jammed and the sink is backing up.", "apartments"),
    ("Duplicate of a call already scheduled for this site", None, None),
    ("Outside our service area; referred to a contractor in Waco",
     "Can you send someone to our new location in Waco next week?", None),
    ("Customer withdrew the call; the unit reset itself", None, None),
    ("Kitchen hood cleaning is not our trade; referred to a hood cleaning company",
     "Grease is building up in the kitchen hood and the fire inspector wants it cleaned.", "restaurant"),
)
CANCEL_REASONS = (
    "Customer cancelled: building engineer reset the breaker",
    "Customer chose to replace the unit under a separate contract",
    "Site closed for the holiday; customer will call back",
    "Resolved by the building engineer before the technician arrived",
    "Duplicate of another work order for the same unit",
    "Customer postponed until the next budget year",
)
HOLD_REASONS = (
    "Waiting for compressor",
    "Waiting on replacement control board from the manufacturer, ETA Friday",
    "No access: tenant not home, rescheduling with the leasing office",
    "Waiting for customer PO",
)
# by the skill of the work: description, extra hours, extra cost
SCOPE_CHANGES = {
    "HVAC": (("Compressor is grounded; replace the compressor (quote attached)", "6", "2850.00"),
             ("Evaporator coil leaking at the U-bends; replace the coil", "5", "1940.00")),
    "REFR": (("Compressor is grounded; replace the compressor (quote attached)", "6", "2650.00"),
             ("Evaporator coil leaking; replace the coil and recharge", "5", "1720.00")),
    "ELEC": (("Second breaker in the panel is also damaged; replace both and the bus connector", "2", "620.00"),
             ("Feeder insulation cracked back to the panel; pull new conductors", "4", "1380.00")),
    "PLMB": (("Drain line collapsed under the slab; camera and spot repair needed", "4", "1150.00"),
             ("Supply valves seized; replace the three isolation valves", "2", "410.00")),
    "BOIL": (("Heat exchanger cracked; replace the heat exchanger (quote attached)", "8", "4200.00"),),
    "FIRE": (("Six more detectors failed sensitivity; replace them", "2", "520.00"),),
    "CTRL": (("Controller I/O board failed; replace the board and reload the database", "3", "1180.00"),),
}
PROGRESS_NOTES = (
    "On site and checked in with {contact}. Starting diagnosis.",
    "Arrived, unit locked out on safety; checking controls.",
    "On site. Isolated the equipment, starting work.",
    "Checked in at the front desk; working on it now.",
)
OFFICE_NOTES = (
    "{contact} called to confirm access; use the side entrance.",
    "Customer asked for a call 30 minutes before arrival: {phone}.",
    "PO number received from the customer.",
    "Customer asked that the tech bring a copy of the last report.",
)
LABOR_NOTES = {
    WT.CORRECTIVE: ("Diagnosis and repair", "Travel and diagnosis", "Repair", ""),
    WT.EMERGENCY: ("Emergency call-out", "Diagnosis and repair", ""),
    WT.PREVENTIVE: ("PM per checklist", ""),
    WT.INSPECTION: ("Inspection and testing", "Per checklist", ""),
    WT.GENERAL: ("Work per request", ""),
    WT.INSTALLATION: ("",),
}
PHOTO_COLOURS = {
    PhotoKind.BEFORE: (176, 84, 56),
    PhotoKind.AFTER: (62, 142, 84),
    PhotoKind.OTHER: (70, 110, 170),
}

HEAT_MONTHS = (11, 12, 1, 2, 3)
COOL_MONTHS = (5, 6, 7, 8, 9)


# fmt: on


def png_square(rgb: tuple[int, int, int], size: int = 16) -> bytes:
    """A valid PNG of a plain coloured square (8-bit RGB), made with zlib and struct only."""
    return _png_square(tuple(rgb), size)


@lru_cache(maxsize=8)
def _png_square(rgb: tuple[int, ...], size: int) -> bytes:
    row = b"\x00" + bytes(rgb) * size  # filter type 0 (None), then the pixels

    def chunk(tag: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + tag
            + data
            + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * size, 9))
        + chunk(b"IEND", b"")
    )


# =================================================================================================
# Scheduling in memory (company wall clock, naive datetimes)
# =================================================================================================

GAP = 30  # minutes between two visits of a technician: travel
TARGET_WEEK_BOOKED = 122  # booked work orders this week (the queue and cancellations come on top)
QUEUE_SIZE = 24
HISTORY_WEEKS = 26


def _wall(day: date, minute: int) -> datetime:
    return datetime.combine(day, time()) + timedelta(minutes=minute)


def _minute(moment: datetime) -> int:
    return moment.hour * 60 + moment.minute


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def _category(asset: m.Asset) -> str:
    """The asset's key in KINDS: the column is nullable, but every demo asset has one."""
    assert asset.category is not None
    return asset.category


def _in_season(season: str, day: date) -> bool:
    if season == "heat":
        return day.month in HEAT_MONTHS
    if season == "cool":
        return day.month in COOL_MONTHS
    return True


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, min(day.day, 28))


@dataclass(eq=False)
class _Crew:
    """A technician as the in-memory scheduler sees him: shift, days, skills, time off, bookings."""

    obj: m.Technician
    code: str
    name: str
    start: int
    end: int
    workdays: frozenset[int]
    skills: dict[str, date | None]
    off: list[tuple[datetime, datetime, str]] = field(default_factory=list)
    busy: dict[date, list[tuple[int, int]]] = field(default_factory=dict)
    visits: list[_Visit] = field(default_factory=list)

    def works(self, day: date) -> bool:
        return day.weekday() in self.workdays

    def qualified(self, skills: Iterable[str], day: date) -> bool:
        for code in skills:
            if code not in self.skills:
                return False
            until = self.skills[code]
            if until is not None and until < day:
                return False
        return True

    def load(self, day: date) -> int:
        return sum(b - a for a, b in self.busy.get(day, ()))

    def off_on(self, day: date) -> list[tuple[int, int]]:
        lo = datetime.combine(day, time())
        hi = lo + timedelta(days=1)
        found = []
        for a, b, _ in self.off:
            if a < hi and lo < b:
                found.append(
                    (
                        max(0, int((a - lo).total_seconds()) // 60),
                        min(1440, int((b - lo).total_seconds()) // 60),
                    )
                )
        return found

    def free_start(
        self, day: date, minutes: int, earliest: int | None = None, latest_end: int | None = None
    ) -> int | None:
        """The first start (a quarter hour) that fits the shift, the other visits and time off."""
        busy = self.busy.get(day, [])
        offs = self.off_on(day)
        lo = self.start if earliest is None else max(self.start, earliest)
        candidates = sorted({lo, *(b + GAP for _, b in busy), *(b for _, b in offs)})
        for cand in candidates:
            s = max(cand, lo)
            s = -(-s // 15) * 15
            e = s + minutes
            if e > self.end or (latest_end is not None and e > latest_end):
                continue
            if any(s < b + GAP and a < e + GAP for a, b in busy):
                continue
            if any(s < b and a < e for a, b in offs):
                continue
            return s
        return None

    def take(self, day: date, s: int, e: int) -> None:
        insort(self.busy.setdefault(day, []), (s, e))


@dataclass(eq=False)
class _Visit:
    crew: _Crew
    start: datetime
    end: datetime
    job: _Job | None = None
    deliberate: bool = False
    booking: m.Booking | None = None


@dataclass(eq=False)
class _Job:
    """A work order before it becomes mapped objects: what, where, when, who, how far along."""

    seq: int
    type: WorkOrderType
    priority: Priority
    site: m.Site
    asset: m.Asset | None
    summary: str
    problem: str
    resolution: str
    skills: tuple[str, ...]
    minutes: int
    parts: tuple[tuple[str, Decimal], ...]
    checklist: tuple[str, ...]
    task_codes: tuple[str, ...]
    era: str = "week"  # "history", "week" or "next"
    visits: list[_Visit] = field(default_factory=list)
    created: datetime | None = None
    due: datetime | None = None
    due_fixed: bool = False
    plan: m.PmPlan | None = None
    occurrence: datetime | None = None  # UTC instant of the plan occurrence
    source: RequestSource | None = None
    billable: bool = True
    status: Status = Status.OPEN
    cancel_reason: str | None = None
    cancelled_at: datetime | None = None
    hold_reason: str | None = None
    scope: tuple[str, str, str] | None = None
    gap: str | None = None
    # execution timeline (wall clock)
    started: datetime | None = None
    held: datetime | None = None
    labor: list[tuple[_Crew, datetime, datetime, bool, str]] = field(default_factory=list)
    completed: datetime | None = None
    verified: datetime | None = None
    invoiced: datetime | None = None
    closed: datetime | None = None
    invoice_key: tuple[str, ...] | None = None
    number: str = ""
    wo: m.WorkOrder | None = None
    lead_crew: _Crew | None = None
    call: str = ""  # what the caller said

    @property
    def first_start(self) -> datetime:
        return min(v.start for v in self.visits)

    @property
    def last_end(self) -> datetime:
        return max(v.end for v in self.visits)

    @property
    def lead(self) -> _Crew:
        return self.lead_crew or min(self.visits, key=lambda v: v.start).crew


@dataclass
class _Invoice:
    key: tuple[str, ...]
    customer: m.Customer
    at: datetime
    jobs: list[_Job] = field(default_factory=list)


class _Builder:
    """Builds the whole demo company as mapped objects, without touching a database."""

    def __init__(self, today: date, seed: int, tz: ZoneInfo) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.tz = tz
        self.monday = today - timedelta(days=today.weekday())
        self.next_monday = self.monday + timedelta(days=7)
        self.anchor = datetime.combine(today, time(10, 0))  # "now" of the demo, wall clock
        self.history_start = self.monday - timedelta(weeks=HISTORY_WEEKS)
        self.seq = 0
        self.jobs: list[_Job] = []
        self.extra_requests: list[m.WorkRequest] = []
        self.skills: dict[str, m.Skill] = {}
        self.crews: list[_Crew] = []
        self.customers: dict[str, m.Customer] = {}
        self.customer_sites: dict[str, list[m.Site]] = {}
        self.site_kind: dict[str, str] = {}
        self.sites: list[m.Site] = []
        self.assets: list[m.Asset] = []
        self.parts: dict[str, m.Part] = {}
        self.plans: list[m.PmPlan] = []
        self.agreements: list[tuple[m.Customer, m.Site | None, dict[str, object]]] = []
        self.invoices: list[m.Invoice] = []
        self.requests: list[m.WorkRequest] = []
        self.counters: dict[str, int] = {}
        self.confirmed = 0

    # -- helpers --------------------------------------------------------------------------------
    def utc(self, wall: datetime) -> datetime:
        return wall_to_utc(wall, self.tz)

    def _phone(self) -> str:
        return f"({self.rng.choice(AREA_CODES)}) 555-01{self.rng.randint(0, 99):02d}"

    def _person(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def _minutes_between(self, lo: int, hi: int, step: int = 5) -> timedelta:
        return timedelta(minutes=self.rng.randrange(lo, hi + 1, step) if hi > lo else lo)

    def _weighted(self, pairs: Iterable[tuple[_T, int]]) -> _T:
        items = list(pairs)
        return self.rng.choices([i for i, _ in items], weights=[w for _, w in items])[0]

    # -- reference data -------------------------------------------------------------------------
    def build_reference(self) -> None:
        rng = self.rng
        self.company = m.Company(
            id=1,
            name=COMPANY["name"],
            address=COMPANY["address"],
            phone=COMPANY["phone"],
            email=COMPANY["email"],
            timezone=DEMO_TIMEZONE,
            currency="USD",
            tax_rate=COMPANY_TAX_RATE,
            payment_terms_days=30,
            travel_speed_kmh=Decimal(40),
        )
        self.skills = {code: m.Skill(code=code, name=name) for code, name in SKILLS}
        for code, name, skills, rate, (start, end), workdays, town in TECHS:
            lat, lon, _ = TOWNS[town]
            words = name.split()
            tech = m.Technician(
                code=code,
                name=name,
                phone=self._phone(),
                email=f"{_ascii(words[0])}.{_ascii(words[-1])}@{EMAIL_DOMAIN}",
                hourly_rate=Decimal(rate),
                home_lat=round(lat + rng.uniform(-0.03, 0.03), 5),
                home_lon=round(lon + rng.uniform(-0.03, 0.03), 5),
                shift_start=time(start // 60, start % 60),
                shift_end=time(end // 60, end % 60),
                workdays=workdays,
                active=True,
            )
            valid: dict[str, date | None] = {}
            for skill, days in skills.items():
                valid[skill] = None if days is None else self.today + timedelta(days=days)
            tech.skills = [
                m.TechnicianSkill(skill=self.skills[skill], certified_until=until)
                for skill, until in valid.items()
            ]
            self.crews.append(
                _Crew(
                    tech,
                    code,
                    name,
                    start,
                    end,
                    frozenset(WEEKDAYS.index(d) for d in workdays.split(";")),
                    valid,
                )
            )
        crews = {c.code: c for c in self.crews}
        for code, offset, days, start, end, reason in TIME_OFF:
            first = self.monday + timedelta(days=offset)
            begin = _wall(first, start)
            finish = _wall(first + timedelta(days=days - 1), end)
            crew = crews[code]
            crew.off.append((begin, finish, reason))
            crew.obj.time_off.append(
                m.TimeOff(start=self.utc(begin), end=self.utc(finish), reason=reason)
            )

        for code, name, kind, billing, exempt, sites in CUSTOMERS:
            slug = _ascii("".join(name.split()[:2]))
            customer = m.Customer(
                code=code,
                name=name,
                billing_address=billing,
                phone=self._phone(),
                email=f"accounts.payable@{slug}.example",
                tax_rate=Decimal(0) if exempt else None,
            )
            self.customers[code] = customer
            self.customer_sites[code] = []
            for index, (site_name, town) in enumerate(sites, 1):
                lat, lon, zips = TOWNS[town]
                address = (
                    f"{rng.randint(100, 9899)} {rng.choice(STREETS)}\n{town}, TX {rng.choice(zips)}"
                )
                if len(sites) == 1 and billing[0].isdigit():
                    address = billing  # a single-site customer is billed where it is
                site = m.Site(
                    code=f"{code}-{index:02d}",
                    customer=customer,
                    name=site_name,
                    address=address,
                    lat=round(lat + rng.uniform(-0.02, 0.02), 5),
                    lon=round(lon + rng.uniform(-0.02, 0.02), 5),
                    contact_name=self._person(),
                    contact_phone=self._phone(),
                    access_notes=ACCESS[kind].format(code=rng.randint(1000, 9999)),
                )
                self.sites.append(site)
                self.customer_sites[code].append(site)
                self.site_kind[site.code] = kind
                pool, fewest, most = KIND_ASSETS[kind]
                for category in rng.sample(pool, rng.randint(fewest, most)):
                    self._asset(site, category)
        for _, customer_code, category, *_ in PLANS:
            if not any(
                a.category == category for s in self.customer_sites[customer_code] for a in s.assets
            ):
                own_sites = self.customer_sites[customer_code]
                self._asset(min(own_sites, key=lambda s: (len(s.assets), s.code)), category)

        self.parts = {
            sku: m.Part(sku=sku, description=text, unit_price=Decimal(price), unit=unit)
            for sku, text, price, unit in PARTS
        }
        for customer_code, site_index, name, scope, limit, start_offset, months in AGREEMENTS:
            starts = self.today + timedelta(days=start_offset)
            covered = (
                self.customer_sites[customer_code][site_index] if site_index is not None else None
            )
            self.agreements.append(
                (
                    self.customers[customer_code],
                    covered,
                    {
                        "name": name,
                        "starts_on": starts,
                        "ends_on": _add_months(starts, months) - timedelta(days=1),
                        "scope": scope,
                        "not_to_exceed": Decimal(limit),
                    },
                )
            )
        self.assets_by_type: dict[WorkOrderType, list[m.Asset]] = {
            WT.CORRECTIVE: list(self.assets),
            WT.EMERGENCY: [a for a in self.assets if KINDS[_category(a)].emergency],
            WT.PREVENTIVE: [a for a in self.assets if KINDS[_category(a)].pm],
            WT.INSPECTION: [a for a in self.assets if KINDS[_category(a)].inspection],
            WT.INSTALLATION: [a for a in self.assets if KINDS[_category(a)].installation],
        }

    def _asset(self, site: m.Site, category: str) -> m.Asset:
        kind = KINDS[category]
        number = sum(1 for a in site.assets if a.category == category) + 1
        name = f"{kind.tag}-{number}"
        make, model = self.rng.choice(kind.makes)
        installed = self.today - timedelta(days=self.rng.randint(200, 6000))
        serial = f"{installed:%y%m}{self.rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}{self.rng.randint(10000, 99999)}"
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

    # -- jobs -----------------------------------------------------------------------------------
    def _new_job(
        self,
        type_: WorkOrderType,
        site: m.Site,
        asset: m.Asset | None,
        summary: str,
        problem: str,
        resolution: str,
        skills: tuple[str, ...],
        hours: tuple[str, ...],
        parts: tuple[Qty, ...],
        checklist: tuple[str, ...],
        task_codes: tuple[str, ...],
    ) -> _Job:
        rng = self.rng
        priorities: dict[WorkOrderType, Callable[[], Priority]] = {
            WT.CORRECTIVE: lambda: self._weighted(((P.NORMAL, 50), (P.HIGH, 35), (P.LOW, 15))),
            WT.EMERGENCY: lambda: P.EMERGENCY,
            WT.PREVENTIVE: lambda: self._weighted(((P.NORMAL, 70), (P.LOW, 30))),
            WT.INSPECTION: lambda: P.NORMAL,
            WT.GENERAL: lambda: self._weighted(((P.LOW, 50), (P.NORMAL, 50))),
            WT.INSTALLATION: lambda: self._weighted(((P.NORMAL, 70), (P.HIGH, 30))),
        }
        priority = priorities[type_]()
        readings = {
            "p1": rng.randint(110, 130),
            "p2": rng.randint(300, 360),
            "sh": rng.randint(8, 14),
            "dp": f"0.{rng.randint(6, 9)}",
            "co": rng.randint(12, 45),
            "wt": rng.randint(136, 142),
            "load": rng.choice((50, 60, 75)),
            "box": rng.randint(35, 38),
            "devices": rng.randint(90, 240),
        }
        self.seq += 1
        return _Job(
            seq=self.seq,
            type=type_,
            priority=priority,
            site=site,
            asset=asset,
            summary=summary,
            problem=problem,
            resolution=resolution.format(**readings),
            skills=skills,
            minutes=int(Decimal(rng.choice(hours)) * 60),
            parts=tuple((sku, Decimal(rng.choice(options))) for sku, options in parts),
            checklist=checklist,
            task_codes=task_codes,
            call=problem,
        )

    def _job(self, type_: WorkOrderType, when: date, crew: _Crew | None = None) -> _Job | None:
        """A job of the type, on equipment the crew (if given) may work on that day."""
        rng = self.rng
        if type_ == WT.GENERAL:
            skills = [s for s in sorted(GENERAL) if crew is None or crew.qualified((s,), when)]
            if not skills:
                return None
            skill = rng.choice(skills)
            fix = rng.choice(GENERAL[skill])
            site = rng.choice(
                [s for s in self.sites if not fix.places or self.site_kind[s.code] in fix.places]
            )
            job = self._new_job(
                type_,
                site,
                None,
                fix.summary,
                fix.problem,
                fix.resolution,
                (skill,),
                fix.hours,
                fix.parts,
                (),
                ("GEN",),
            )
            job.source = RequestSource.CUSTOMER if rng.random() < 0.7 else None
            return job
        candidates = self.assets_by_type[type_]
        if crew is not None:
            candidates = [a for a in candidates if crew.qualified(KINDS[_category(a)].skills, when)]
        if not candidates:
            return None
        if rng.random() < 0.5:  # half by kind of equipment, so rare equipment gets work too
            category = rng.choice(sorted({_category(a) for a in candidates}))
            candidates = [a for a in candidates if a.category == category]
        asset = rng.choice(candidates)
        kind = KINDS[_category(asset)]
        if type_ in (WT.CORRECTIVE, WT.EMERGENCY):
            fixes = kind.corrective if type_ == WT.CORRECTIVE else kind.emergency
            fix = rng.choice([f for f in fixes if _in_season(f.season, when)] or list(fixes))
            checklist: tuple[str, ...] = ()
            if type_ == WT.CORRECTIVE and rng.random() < 0.25:
                checklist = (
                    "Lock out and tag out before work",
                    "Record readings before and after the repair",
                )
            job = self._new_job(
                type_,
                asset.site,
                asset,
                fix.summary.format(a=asset.name),
                fix.problem,
                fix.resolution,
                kind.skills,
                fix.hours,
                fix.parts,
                checklist,
                ("EMERG", "REPAIR") if type_ == WT.EMERGENCY else ("DIAG", "REPAIR"),
            )
            if rng.random() < 0.15 and type_ == WT.CORRECTIVE:
                job.source = RequestSource.TECHNICIAN
                job.problem = f"Found during a PM visit: {fix.problem[0].lower()}{fix.problem[1:]}"
            else:
                job.source = RequestSource.CUSTOMER
            if (
                asset.warranty_until is not None
                and asset.warranty_until >= when
                and rng.random() < 0.7
            ):
                job.billable = False  # warranty work: verified, then closed as non-billable
            return job
        routine = {
            WT.PREVENTIVE: kind.pm,
            WT.INSPECTION: kind.inspection,
            WT.INSTALLATION: kind.installation,
        }[type_]
        assert routine is not None
        code = {WT.PREVENTIVE: "PM", WT.INSPECTION: "INSP", WT.INSTALLATION: "INSTALL"}[type_]
        job = self._new_job(
            type_,
            asset.site,
            asset,
            routine.summary.format(a=asset.name),
            f"{routine.summary.format(a=asset.name)} requested by the customer.",
            routine.resolution,
            kind.skills,
            routine.hours,
            routine.parts,
            routine.checklist,
            (code, kind.tag),
        )
        if type_ == WT.INSTALLATION:
            job.source = RequestSource.CUSTOMER
            job.problem = f"Quote accepted: {job.summary[0].lower()}{job.summary[1:]}."
        elif type_ == WT.INSPECTION and rng.random() < 0.5:
            job.source = RequestSource.CUSTOMER
        return job

    def _random_type(self) -> WorkOrderType:
        return self._weighted(
            (
                (WT.CORRECTIVE, 36),
                (WT.PREVENTIVE, 18),
                (WT.INSPECTION, 10),
                (WT.EMERGENCY, 10),
                (WT.GENERAL, 14),
            )
        )

    def _created_before(self, start: datetime, lo: int, hi: int) -> datetime:
        """When the call came in: between hi and lo minutes before ``start``, in office hours."""
        latest = start - timedelta(minutes=lo)
        moment = start - self._minutes_between(lo, hi)
        if not 7 <= moment.hour < 18:
            moment = moment.replace(
                hour=self.rng.randint(7, 16), minute=self.rng.randrange(0, 60, 5)
            )
        return min(moment, latest)

    # -- placing visits -------------------------------------------------------------------------
    def _shuffled_crews(self) -> list[_Crew]:
        crews = list(self.crews)
        self.rng.shuffle(crews)
        return crews

    def _place(
        self,
        job: _Job,
        days: Iterable[date],
        *,
        minutes: int | None = None,
        earliest: datetime | None = None,
        latest: datetime | None = None,
        prefer: _Crew | None = None,
        crews: list[_Crew] | None = None,
    ) -> _Visit | None:
        minutes = minutes or job.minutes
        pool = crews if crews is not None else self._shuffled_crews()
        for day in days:
            if earliest is not None and day < earliest.date():
                continue
            if latest is not None and day > latest.date():
                continue
            options = [c for c in pool if c.works(day) and c.qualified(job.skills, day)]
            options.sort(key=lambda c: (c is not prefer, c.load(day)))
            for crew in options:
                lo = _minute(earliest) if earliest is not None and earliest.date() == day else None
                hi = _minute(latest) if latest is not None and latest.date() == day else None
                start = crew.free_start(day, minutes, lo, hi)
                if start is not None:
                    return self._book(job, crew, day, start, start + minutes)
        return None

    def _book(
        self, job: _Job, crew: _Crew, day: date, start: int, end: int, *, deliberate: bool = False
    ) -> _Visit:
        crew.take(day, start, end)
        visit = _Visit(crew, _wall(day, start), _wall(day, end), job, deliberate)
        crew.visits.append(visit)
        job.visits.append(visit)
        return visit

    def _days_around(self, target: date, days: list[date]) -> list[date]:
        return sorted(days, key=lambda d: (abs((d - target).days), d))

    def _target_day(self, days: list[date]) -> date:
        weights = [sum(1 for c in self.crews if c.works(d)) for d in days]
        return self.rng.choices(days, weights=weights)[0]

    def _date_reactive(self, job: _Job) -> None:
        """Created before the first visit and due after the last, as the type's terms say."""
        rng = self.rng
        first, last = job.first_start, job.last_end
        lo, hi = {
            WT.EMERGENCY: (30, 75),
            WT.CORRECTIVE: (120, 3 * 1440),
            WT.GENERAL: (1440, 10 * 1440),
            WT.INSPECTION: (3 * 1440, 20 * 1440),
            WT.PREVENTIVE: (3 * 1440, 14 * 1440),
            WT.INSTALLATION: (10 * 1440, 30 * 1440),
        }[job.type]
        if job.created is None:
            job.created = self._created_before(first, lo, hi)
        if job.created > self.anchor - timedelta(minutes=15):
            job.created = self.anchor - timedelta(minutes=rng.randrange(15, 240, 5))
        if job.due_fixed:
            return
        if job.type == WT.EMERGENCY:
            job.due = job.created + timedelta(hours=4)
            if job.due >= last:
                return
            # Called in earlier but booked later: an urgent repair, not a 4-hour emergency.
            job.type, job.priority, job.task_codes = WT.CORRECTIVE, P.HIGH, ("DIAG", "REPAIR")
            if job.asset is not None:
                kind = KINDS[_category(job.asset)]
                fix = rng.choice(
                    [f for f in kind.corrective if _in_season(f.season, first.date())]
                    or list(kind.corrective)
                )
                job.summary, job.problem = fix.summary.format(a=job.asset.name), fix.problem
                job.resolution = fix.resolution
                job.parts = tuple((sku, Decimal(rng.choice(options))) for sku, options in fix.parts)
        if job.type == WT.GENERAL and rng.random() < 0.4:
            job.due = None
            return
        sla = {
            WT.CORRECTIVE: {P.HIGH: 24, P.NORMAL: 72, P.LOW: 168},
        }.get(job.type, {}).get(
            job.priority, {WT.GENERAL: 240, WT.INSTALLATION: 720}.get(job.type, 504)
        )
        due = job.created + timedelta(hours=sla)
        if due < last + timedelta(hours=1):
            due = datetime.combine(last.date() + timedelta(days=rng.randint(0, 2)), time(17))
            if due < last + timedelta(hours=1):
                due += timedelta(days=1)
            job.due = due
            return
        job.due = due.replace(minute=0, second=0) + timedelta(hours=1)

    # -- the schedule ---------------------------------------------------------------------------
    def build_schedule(self) -> None:
        week = [self.monday + timedelta(days=i) for i in range(7)]
        self._plans()
        self._today_seeds()
        self._later_today()
        for _ in range(3):
            self._installation(week, "week")
        self._deliberate_conflicts(week)
        self._fill(week, TARGET_WEEK_BOOKED, "week")
        self._nobody_idle(week)
        for back in range(1, HISTORY_WEEKS + 1):
            days = [self.monday - timedelta(weeks=back) + timedelta(days=i) for i in range(7)]
            if self.rng.random() < 0.5:
                self._installation(days, "history")
            wanted = sum(
                1 for j in self.jobs if j.era == "history" and j.visits
            ) + self.rng.randint(15, 20)
            self._fill(days, wanted, "history")
            if back >= 3 and self.rng.random() < 0.3:
                self._cancelled(days[0], days[-1], "history")
        next_week = [self.next_monday + timedelta(days=i) for i in range(7)]
        wanted = sum(1 for j in self.jobs if j.era == "next" and j.visits) + 18
        self._fill(next_week[:5], wanted, "next")
        self._queue()
        for _ in range(6):
            self._cancelled(self.monday - timedelta(days=5), self.today, "week")
        self._requests_without_orders()

    def _era(self, job: _Job) -> str:
        if job.visits:
            last = job.last_end
        else:
            last = job.due or job.created or self.anchor
        if last < datetime.combine(self.monday, time()):
            return "history"
        if last >= datetime.combine(self.next_monday, time()):
            return "next"
        return "week"

    def _plans(self) -> None:
        m1 = (self.today - timedelta(days=120)).month
        m2 = (self.today - timedelta(days=60)).month
        crews = {c.code: c for c in self.crews}
        for code, customer, category, type_, rule, hour, lead, preferred, summary in PLANS:
            asset = next(
                a for s in self.customer_sites[customer] for a in s.assets if a.category == category
            )
            kind = KINDS[category]
            routine = kind.inspection if type_ == WT.INSPECTION else kind.pm
            assert routine is not None
            rule_text = rule.format(m1=m1, m2=m2)
            provisional = datetime.combine(self.history_start.replace(day=1), time(hour))
            first = parse_rule(rule_text, provisional).after(provisional, inc=True)
            assert first is not None  # every demo plan recurs
            crew = crews[preferred] if preferred else None
            plan = m.PmPlan(
                code=code,
                site=asset.site,
                asset=asset,
                type=type_,
                summary=summary.format(a=asset.name),
                checklist=list(routine.checklist),
                estimated_hours=Decimal(routine.hours[-1]),
                rrule=rule_text,
                start_wall=first,
                lead_days=lead,
                preferred_technician=crew.obj if crew else None,
                active=True,
                required_skills=[self.skills[s] for s in sorted(kind.skills)],
            )
            self.plans.append(plan)
            until = self.utc(self.anchor + timedelta(days=lead))
            for occurrence in occurrences_between(rule_text, first, self.tz, None, until):
                wall = to_local(occurrence, self.tz).replace(tzinfo=None)
                job = self._new_job(
                    type_,
                    asset.site,
                    asset,
                    plan.summary,
                    f"Recurring plan {code}: {plan.summary}",
                    routine.resolution,
                    kind.skills,
                    (routine.hours[-1],),
                    routine.parts,
                    routine.checklist,
                    ("PM" if type_ == WT.PREVENTIVE else "INSP", kind.tag),
                )
                job.priority = P.NORMAL
                job.plan, job.occurrence, job.due, job.due_fixed = plan, occurrence, wall, True
                job.created = wall - timedelta(days=lead)
                window = [
                    job.created.date() + timedelta(days=i)
                    for i in range(1, (wall.date() - job.created.date()).days + 1)
                ]
                self.rng.shuffle(window)
                future = wall.date() >= self.today
                if not future or self.rng.random() < 0.7:
                    self._place(
                        job,
                        window,
                        earliest=job.created + timedelta(hours=12),
                        latest=wall,
                        prefer=crew,
                    )
                if not job.visits and not future:
                    job.status = Status.CANCELLED
                    job.cancel_reason = (
                        "Skipped this cycle: no qualified technician free before the due date"
                    )
                    job.cancelled_at = wall
                job.era = self._era(job)
                self.jobs.append(job)

    def _installation(self, days: list[date], era: str) -> None:
        rng = self.rng
        job = self._job(WT.INSTALLATION, days[0])
        assert job is not None
        order = list(days)
        rng.shuffle(order)
        for day in order:
            crews = [
                c
                for c in self._shuffled_crews()
                if c.works(day)
                and c.qualified(job.skills, day)
                and not c.busy.get(day)
                and not c.off_on(day)
            ]
            if len(crews) < 2:
                continue
            lead, helper = crews[0], crews[1]
            second = None
            for ahead in range(1, 4):
                d2 = day + timedelta(days=ahead)
                if d2 in days and lead.works(d2) and lead.qualified(job.skills, d2):
                    start = lead.free_start(d2, 300)
                    if start is not None:
                        second = (d2, start)
                        break
            if second is None:
                continue
            self._book(job, lead, day, lead.start, lead.start + 420)
            self._book(job, helper, day, helper.start, helper.start + 360)
            self._book(job, lead, second[0], second[1], second[1] + 300)
            job.minutes = 420 + 360 + 300
            job.lead_crew = lead
            self._date_reactive(job)
            job.era = era
            self.jobs.append(job)
            return

    def _today_seeds(self) -> None:
        """Work under way at 10:00 and jobs just finished, so today's board tells a story."""
        anchor = _minute(self.anchor)
        spans = earlies = 0
        for crew in self._shuffled_crews():
            if not crew.works(self.today) or crew.start > anchor - 60:
                continue
            start = crew.free_start(self.today, 60)
            if start is None or start > anchor - 60:
                continue
            if spans <= earlies and spans < 3:
                minutes = max(anchor + 30 - start, 120)
                minutes = -(-minutes // 30) * 30
                minutes = min(minutes, crew.end - start)
                kind = "span"
            elif earlies < 4:
                minutes = (anchor - 20 - start) // 15 * 15
                if minutes < 60:
                    continue
                minutes = min(minutes, 120)
                kind = "early"
            else:
                break
            if crew.free_start(self.today, minutes) != start:
                continue
            job = None
            for type_ in (self._random_type(), WT.CORRECTIVE, WT.PREVENTIVE, WT.GENERAL):
                if type_ == WT.EMERGENCY and minutes > 150:
                    continue
                job = self._job(type_, self.today, crew)
                if job is not None:
                    break
            if job is None:
                continue
            job.minutes = minutes
            self._book(job, crew, self.today, start, start + minutes)
            self._date_reactive(job)
            self.jobs.append(job)
            if kind == "span":
                spans += 1
            else:
                earlies += 1

    def _deliberate_conflicts(self, week: list[date]) -> None:
        """A few bookings the dispatcher confirmed despite a conflict, as happens every week."""
        rng = self.rng
        start: int | None  # minute of the day; free_start() may find no room
        past = [d for d in week if d < self.today]
        # 1. Overtime: an emergency call-out after the shift (or before it, on a Monday morning).
        day = past[-1] if past else self.today
        for crew in self._shuffled_crews():
            if not (crew.works(day) and crew.qualified(("HVAC",), day)) or crew.off_on(day):
                continue
            busy = crew.busy.get(day, [])
            if past:
                start, end = crew.end - 30, crew.end + 90
            else:
                start, end = crew.start - 150, crew.start - 30
            if any(start < b + GAP and a < end + GAP for a, b in busy):
                continue
            job = self._job(WT.EMERGENCY, day, crew)
            if job is None:
                continue
            job.minutes = end - start
            self._book(job, crew, day, start, end, deliberate=True)
            job.created = job.first_start - timedelta(minutes=45)
            self._date_reactive(job)
            self.jobs.append(job)
            break
        # 2. An expired certification: the dispatcher sends him anyway, renewal class booked.
        crew = next(c for c in self.crews if c.code == "T04")
        for day in self._days_around(self.today, [d for d in week if crew.works(d)]):
            job = self._job(WT.INSPECTION, day, None)
            while job is not None and "FIRE" not in job.skills:
                job = self._job(WT.INSPECTION, day, None)
            assert job is not None
            start = crew.free_start(day, job.minutes)
            if start is None:
                continue
            self._book(job, crew, day, start, start + job.minutes, deliberate=True)
            self._date_reactive(job)
            self.jobs.append(job)
            break
        # 3. Booked after the due-by the customer asked for.
        for day in self._days_around(self.today, week):
            job = self._job(WT.CORRECTIVE, day)
            assert job is not None
            if self._place(job, [day]) is None:
                continue
            job.visits[0].deliberate = True
            job.created = job.first_start - timedelta(days=3, hours=rng.randint(0, 4))
            job.due = job.created + timedelta(hours=24)
            job.due_fixed = True
            self.jobs.append(job)
            break
        # 4. Saturday work by a Monday-Friday electrician while the store is closed.
        saturday = week[5]
        for crew in self._shuffled_crews():
            if (
                crew.works(saturday)
                or not crew.qualified(("ELEC",), saturday)
                or crew.off_on(saturday)
            ):
                continue
            fix = rng.choice(GENERAL["ELEC"])
            sites = [
                s for s in self.sites if not fix.places or self.site_kind[s.code] in fix.places
            ]
            job = self._new_job(
                WT.GENERAL,
                rng.choice(sites),
                None,
                f"{fix.summary} (Saturday, site closed)",
                fix.problem,
                fix.resolution,
                ("ELEC",),
                ("4",),
                fix.parts,
                (),
                ("GEN",),
            )
            job.source = RequestSource.CUSTOMER
            self._book(job, crew, saturday, 8 * 60, 12 * 60, deliberate=True)
            self._date_reactive(job)
            self.jobs.append(job)
            break

    def _fill(self, days: list[date], wanted: int, era: str) -> None:
        attempts = 0
        count = sum(1 for j in self.jobs if j.era == era and j.visits)
        while count < wanted and attempts < 600:
            attempts += 1
            target = self._target_day(days)
            type_ = self._random_type()
            if type_ == WT.EMERGENCY and target >= self.today:
                type_ = WT.CORRECTIVE
            job = self._job(type_, target)
            if job is None:
                continue
            if job.type == WT.EMERGENCY:
                job.minutes = min(job.minutes, 150)
            if self._place(job, self._days_around(target, days)) is None:
                continue
            self._date_reactive(job)
            job.era = era
            self.jobs.append(job)
            count += 1

    def _nobody_idle(self, week: list[date]) -> None:
        """Every technician at work has at least one job on each of his days this week."""
        for day in week:
            for crew in self.crews:
                if not crew.works(day) or crew.busy.get(day) or crew.off_on(day) == [(0, 1440)]:
                    continue
                for _ in range(5):
                    type_ = self._random_type()
                    if type_ == WT.EMERGENCY:
                        type_ = WT.CORRECTIVE
                    job = self._job(type_, day, crew)
                    if job is None:
                        continue
                    if self._place(job, [day], crews=[crew]) is not None:
                        self._date_reactive(job)
                        self.jobs.append(job)
                        break

    def _later_today(self) -> None:
        """A few visits still to come this week, today first (on a Sunday, the weekend afternoon)."""
        wanted = 4
        rest = [self.today + timedelta(days=i) for i in range(7 - self.today.weekday())]
        coming = sum(
            1
            for j in self.jobs
            for v in j.visits
            if rest[0] <= v.start.date() <= rest[-1] and v.start >= self.anchor
        )
        for day in rest:
            for crew in self._shuffled_crews():
                if coming >= wanted:
                    return
                if not crew.works(day):
                    continue
                for _ in range(8):
                    if coming >= wanted:
                        break
                    type_ = self._weighted(
                        ((WT.CORRECTIVE, 3), (WT.PREVENTIVE, 2), (WT.GENERAL, 1))
                    )
                    job = self._job(type_, day, crew)
                    if job is None:
                        continue
                    earliest = max(
                        self.anchor + timedelta(minutes=30), datetime.combine(day, time())
                    )
                    if self._place(job, [day], earliest=earliest, crews=[crew]) is None:
                        continue
                    self._date_reactive(job)
                    self.jobs.append(job)
                    coming += 1

    def _queue(self) -> None:
        """Open work orders waiting for a booking: varied priorities, a few overdue."""
        rng = self.rng
        monday_8 = datetime.combine(self.monday, time(8))
        sunday_17 = datetime.combine(self.monday + timedelta(days=6), time(17))
        for index in range(QUEUE_SIZE):
            type_ = WT.EMERGENCY if index == 0 else self._random_type()
            job = self._job(type_, self.today)
            if job is None:
                continue
            if type_ == WT.EMERGENCY:
                job.created = self.anchor - timedelta(minutes=20)
                job.due = job.created + timedelta(hours=4)
            elif index <= 4 and self.anchor - timedelta(minutes=30) > monday_8:
                job.due = monday_8 + (self.anchor - timedelta(minutes=30) - monday_8) * rng.random()
                job.due = job.due.replace(second=0, microsecond=0)
                job.created = job.due - timedelta(hours=rng.randint(24, 96))
                job.priority = self._weighted(((P.HIGH, 60), (P.NORMAL, 40)))
            else:
                job.created = self.anchor - timedelta(minutes=rng.randrange(30, 6 * 1440, 15))
                job.created = min(
                    self._office_time(job.created), self.anchor - timedelta(minutes=30)
                )
                if type_ == WT.GENERAL and rng.random() < 0.5:
                    job.due = None
                else:
                    low = max(self.anchor + timedelta(hours=2), job.created + timedelta(hours=4))
                    job.due = low + (max(sunday_17, low) - low) * rng.random()
                    job.due = job.due.replace(minute=0, second=0, microsecond=0) + timedelta(
                        hours=1
                    )
            job.due_fixed = True
            job.era = "week"
            self.jobs.append(job)

    def _cancelled(self, first: date, last: date, era: str) -> None:
        rng = self.rng
        job = self._job(
            rng.choice((WT.CORRECTIVE, WT.CORRECTIVE, WT.GENERAL, WT.PREVENTIVE)), first
        )
        assert job is not None
        lo = datetime.combine(first, time(7))
        hi = min(datetime.combine(last, time(18)), self.anchor - timedelta(hours=2))
        job.created = (lo + (hi - lo) * rng.random()).replace(second=0, microsecond=0)
        low = max(
            job.created + timedelta(hours=1),
            datetime.combine(self.monday, time(7)) if era == "week" else lo,
        )
        high = min(job.created + timedelta(days=3), self.anchor - timedelta(minutes=10))
        if high <= low:
            job.created = low - timedelta(hours=3)
            high = self.anchor - timedelta(minutes=10)
        job.cancelled_at = (low + (high - low) * rng.random()).replace(second=0, microsecond=0)
        job.due = job.created + timedelta(days=rng.randint(2, 5))
        if era == "week":
            job.due = max(job.due, datetime.combine(self.monday, time(17)))
        job.due_fixed = True
        job.status = Status.CANCELLED
        job.cancel_reason = rng.choice(CANCEL_REASONS)
        job.era = era
        self.jobs.append(job)

    def _office_time(self, moment: datetime) -> datetime:
        """The same day in office hours (7:00-18:00), keeping the minutes."""
        if 7 <= moment.hour < 18:
            return moment
        latest = 9 if moment.date() == self.today else 17  # today: before the demo's 10:00
        return moment.replace(hour=self.rng.randint(7, latest))

    def _requests_without_orders(self) -> None:
        """New requests awaiting review and rejected ones with their reasons."""
        rng = self.rng
        used: set[str] = set()
        for index in range(7):
            job = None
            for _ in range(20):
                job = self._job(WT.EMERGENCY if index == 0 else WT.CORRECTIVE, self.today)
                if job is not None and job.summary not in used:
                    break
            assert job is not None and job.asset is not None
            used.add(job.summary)
            source = RequestSource.TECHNICIAN if index in (2, 5) else RequestSource.CUSTOMER
            problem = (
                job.call
                if source == RequestSource.CUSTOMER
                else (f"Noticed on site: {job.summary}. Recommend a repair visit.")
            )
            if job.type == WT.EMERGENCY:  # just called in; emergencies do not wait for review
                received = self.anchor - timedelta(minutes=rng.randrange(10, 25, 5))
            else:
                received = self._office_time(
                    self.anchor - timedelta(minutes=rng.randrange(10, 26 * 60, 5))
                )
            self.extra_requests.append(
                m.WorkRequest(
                    status=RequestStatus.NEW,
                    source=source,
                    customer=job.site.customer,
                    site=job.site,
                    asset=job.asset,
                    contact_name=job.site.contact_name,
                    contact_phone=job.site.contact_phone,
                    problem=problem,
                    priority=job.priority,
                    received_at=self.utc(received),
                )
            )
        for index, (reason, call, kind) in enumerate(REJECTIONS):
            job = None
            for _ in range(50):
                job = self._job(WT.CORRECTIVE, self.today)
                assert job is not None and job.asset is not None
                in_warranty = (
                    job.asset.warranty_until is not None and job.asset.warranty_until >= self.today
                )
                if (kind is None or self.site_kind[job.site.code] == kind) and (
                    index != 0 or in_warranty
                ):
                    break
            assert job is not None
            received = self.anchor - timedelta(
                days=rng.randint(1, 60), minutes=rng.randrange(0, 600, 5)
            )
            if index == 0:
                received = self.anchor - timedelta(hours=rng.randint(20, 40))
            received = self._office_time(received)
            self.extra_requests.append(
                m.WorkRequest(
                    status=RequestStatus.REJECTED,
                    source=RequestSource.CUSTOMER,
                    customer=job.site.customer,
                    site=job.site,
                    asset=job.asset if call is None else None,
                    contact_name=job.site.contact_name,
                    contact_phone=job.site.contact_phone,
                    problem=call or job.call,
                    priority=job.priority,
                    received_at=self.utc(received),
                    reviewed_by=rng.choice(OFFICE),
                    reviewed_at=self.utc(
                        min(received + timedelta(minutes=rng.randint(15, 240)), self.anchor)
                    ),
                    rejection_reason=reason,
                )
            )

    # -- where each work order stands -----------------------------------------------------------
    def assign_statuses(self) -> None:
        rng = self.rng
        anchor = self.anchor
        week = [j for j in self.jobs if j.era == "week" and j.visits and j.status != S.CANCELLED]
        future = [j for j in week if j.first_start >= anchor]
        spanning = [j for j in week if j.first_start < anchor < j.last_end]
        done = [j for j in week if j.last_end <= anchor]
        next_workday = next(
            (
                self.today + timedelta(days=i)
                for i in range(1, 8)
                if any(c.works(self.today + timedelta(days=i)) for c in self.crews)
            ),
            self.today,
        )
        for job in future:
            day = job.first_start.date()
            if day == self.today:
                job.status = S.DISPATCHED if rng.random() < 0.9 else S.SCHEDULED
            elif day == next_workday:
                job.status = S.DISPATCHED if rng.random() < 0.5 else S.SCHEDULED
            else:
                job.status = S.SCHEDULED if rng.random() < 0.8 else S.DISPATCHED
        for job in spanning:
            job.status = (
                S.ON_HOLD if rng.random() < 0.2 and self._can_hold_now(job) else S.IN_PROGRESS
            )
        for job in done:
            choices = [
                (S.COMPLETED, 22),
                (S.VERIFIED, 25),
                (S.INVOICED, 33),
                (S.CLOSED, 8),
                (S.ON_HOLD, 7),
            ]
            if job.last_end.date() == self.today:
                choices = [(S.COMPLETED, 70), (S.VERIFIED, 15), (S.IN_PROGRESS, 15)]
            job.status = self._weighted(choices)
            if job.status == S.INVOICED and not job.billable:
                job.status = S.CLOSED
        # Every status shows up this week, whatever the day of the week.
        self._ensure(week, S.SCHEDULED, future)
        self._ensure(week, S.DISPATCHED, future)
        self._ensure(
            week, S.IN_PROGRESS, spanning + sorted(done, key=lambda j: j.last_end, reverse=True)
        )
        self._ensure(week, S.ON_HOLD, [j for j in spanning if self._can_hold_now(j)] + done)
        self._ensure(week, S.COMPLETED, sorted(done, key=lambda j: j.last_end, reverse=True))
        self._ensure(week, S.VERIFIED, done)
        self._ensure(week, S.INVOICED, [j for j in done if j.billable])
        self._ensure(week, S.CLOSED, sorted(done, key=lambda j: j.last_end))
        for job in self.jobs:
            if job.era == "next" and job.visits:
                job.status = S.SCHEDULED
            elif job.era == "history" and job.visits:
                job.status = S.CLOSED  # settled by the timeline: closed, invoiced or verified
        for job in week:
            if job.status == S.ON_HOLD:
                if job.type in (WT.CORRECTIVE, WT.EMERGENCY) and rng.random() < 0.5:
                    job.scope = rng.choice(SCOPE_CHANGES[job.skills[0]])
                    job.hold_reason = "scope change #1 awaits approval"
                elif job.type in (WT.CORRECTIVE, WT.EMERGENCY, WT.INSTALLATION):
                    job.hold_reason = rng.choice(HOLD_REASONS)
                else:
                    job.hold_reason = rng.choice(HOLD_REASONS[2:])
            elif job.status == S.COMPLETED and rng.random() < 0.3:
                job.gap = "paperwork"  # completed, but the closeout still lacks something

    def _can_hold_now(self, job: _Job) -> bool:
        current = [v for v in job.visits if v.start < self.anchor < v.end]
        return all(self.anchor - v.start >= timedelta(minutes=45) for v in current)

    def _ensure(self, week: list[_Job], status: Status, pool: list[_Job]) -> None:
        if any(j.status == status for j in week):
            return
        counts: dict[Status, int] = {}
        for job in week:
            counts[job.status] = counts.get(job.status, 0) + 1
        for job in pool:
            if counts.get(job.status, 0) > 1:
                job.status = status
                return
        if pool:
            pool[0].status = status

    # -- what the crew and the office recorded --------------------------------------------------
    def execute(self) -> None:
        for job in self.jobs:
            if job.status in (S.OPEN, S.SCHEDULED, S.DISPATCHED, S.CANCELLED):
                continue
            self._execute(job)

    def _labor(
        self, job: _Job, visit: _Visit, end: datetime | None = None, note: str | None = None
    ) -> None:
        rng = self.rng
        start = visit.start + timedelta(minutes=rng.choice((0, 5, 10, 15)))
        if end is None:
            end = visit.end + timedelta(
                minutes=rng.choice((-30, -20, -15, -10, -5, 0, 0, 5, 10, 15))
            )
            end = max(end, start + timedelta(minutes=30))
        end = min(end, self.anchor - timedelta(minutes=5))
        if end <= start + timedelta(minutes=10):
            return
        billable = True
        if note is None:
            note = rng.choice(LABOR_NOTES[job.type])
            if job.type == WT.INSTALLATION:
                day = sorted({v.start.date() for v in job.visits}).index(visit.start.date()) + 1
                note = f"Install day {day}"
                if visit.crew is not job.lead and rng.random() < 0.25:
                    billable, note = False, "Helper, training time (no charge)"
        job.labor.append((visit.crew, start, end, billable, note))

    def _office_hours(self, moment: datetime, limit: datetime) -> datetime:
        """Office work happens on weekdays 7:00-18:00; moved to the next office morning if time allows."""
        if 7 <= moment.hour < 18 and moment.weekday() < 5:
            return moment
        day = moment.date() + timedelta(days=1 if moment.hour >= 7 else 0)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        morning = datetime.combine(day, time(7, 30)) + self._minutes_between(0, 120)
        return morning if morning <= limit else moment

    def _execute(self, job: _Job) -> None:
        rng = self.rng
        anchor = self.anchor
        status = job.status
        visits = sorted(job.visits, key=lambda v: v.start)
        job.started = visits[0].start + timedelta(minutes=rng.choice((0, 5, 10)))
        if status == S.IN_PROGRESS:
            for visit in visits:
                if visit.end <= anchor and not (visit is visits[-1] and job.last_end <= anchor):
                    self._labor(job, visit)
            return
        if status == S.ON_HOLD:
            for visit in visits:
                if visit.end <= anchor:
                    self._labor(job, visit)
                elif visit.start < anchor:
                    job.held = anchor - timedelta(minutes=rng.randrange(10, 35, 5))
                    self._labor(job, visit, end=job.held - timedelta(minutes=5), note="Diagnosis")
            if job.held is None:
                last = max((e for _, _, e, _, _ in job.labor), default=job.started)
                job.held = min(last + timedelta(minutes=10), anchor - timedelta(minutes=1))
            return
        for visit in visits:
            self._labor(job, visit)
        assert job.labor, job.summary
        labor_end = max(e for _, _, e, _, _ in job.labor)
        if job.era == "history":
            self._history_timeline(job, labor_end)
            return
        steps: list[tuple[str, int, int]] = [("completed", 5, 30)]
        if status in (S.VERIFIED, S.INVOICED, S.CLOSED):
            steps.append(("verified", 30, 1440))
        if status == S.INVOICED or (status == S.CLOSED and job.billable):
            steps.append(("invoiced", 60, 1440))
        if status == S.CLOSED:
            steps.append(("closed", 30, 360 if job.billable else 1440))
        moment = labor_end
        limit = anchor - timedelta(minutes=5)
        for index, (name, lo, hi) in enumerate(steps):
            left = len(steps) - index - 1
            earliest = moment + timedelta(minutes=1)
            latest = min(moment + timedelta(minutes=hi), limit - timedelta(minutes=2 * left))
            earliest = (
                min(earliest + timedelta(minutes=lo - 1), latest) if latest > earliest else earliest
            )
            latest = max(latest, earliest)
            moment = earliest + (latest - earliest) * rng.random()
            if name != "completed" and not 7 <= moment.hour < 18:
                morning = datetime.combine(
                    moment.date() + timedelta(days=moment.hour >= 18), time(7, 40)
                )
                evening = datetime.combine(
                    moment.date() - timedelta(days=moment.hour < 7), time(17, 20)
                )
                if earliest <= morning <= latest:
                    moment = (
                        morning
                        + (min(latest, morning + timedelta(hours=2)) - morning) * rng.random()
                    )
                elif earliest <= evening <= latest:
                    moment = evening
            moment = moment.replace(second=0, microsecond=0)
            if moment <= (labor_end if index == 0 else getattr(job, steps[index - 1][0])):
                moment += timedelta(minutes=1)
            setattr(job, name, moment)
        if job.invoiced is not None:
            job.invoice_key = ("wo", str(job.seq))

    def _history_timeline(self, job: _Job, labor_end: datetime) -> None:
        rng = self.rng
        anchor = self.anchor
        job.completed = labor_end + self._minutes_between(5, 30)
        job.verified = self._office_hours(
            job.completed + self._minutes_between(120, 2 * 1440), anchor
        )
        job.verified = min(job.verified, anchor - timedelta(minutes=2))
        job.status = S.VERIFIED
        if not job.billable:
            closed = job.verified + timedelta(days=rng.randint(1, 3))
            if closed <= anchor:
                job.closed, job.status = closed, S.CLOSED
            return
        ahead = (4 - job.verified.weekday()) % 7 or 7  # the Friday billing run after verification
        run = datetime.combine(job.verified.date() + timedelta(days=ahead), time(16))
        if run > anchor:
            return
        job.invoiced, job.status = run, S.INVOICED
        job.invoice_key = ("run", job.site.customer.code, run.date().isoformat())
        closed = run + timedelta(days=rng.randint(14, 45), minutes=rng.randrange(-300, 60, 5))
        if closed <= anchor:
            job.closed, job.status = closed, S.CLOSED

    # -- mapped objects -------------------------------------------------------------------------
    def materialize(self) -> None:
        jobs = sorted(self.jobs, key=lambda j: (j.created, j.seq))
        for index, job in enumerate(jobs):
            job.number = f"{WO_PREFIX}{FIRST_WORK_ORDER + index}"
        self.work_orders = [self._work_order(job) for job in jobs]
        self._record_conflicts()
        self._make_invoices(jobs)
        requests = sorted(
            self.requests + self.extra_requests, key=lambda r: (r.received_at, r.problem)
        )
        for index, request in enumerate(requests):
            request.number = f"{REQUEST_PREFIX}{FIRST_REQUEST + index}"
        self.requests = requests
        self.counters = {
            "work_order": FIRST_WORK_ORDER + len(jobs),
            "work_request": FIRST_REQUEST + len(requests),
            "invoice": FIRST_INVOICE + len(self.invoices),
        }

    def _spread(self, count: int, lo: datetime, hi: datetime) -> list[datetime]:
        """``count`` increasing moments between lo and hi (whole minutes)."""
        if count <= 0:
            return []
        hi = max(hi, lo)
        step = (hi - lo) / (count + 1)
        return [(lo + step * (i + 1)).replace(second=0, microsecond=0) for i in range(count)]

    def _work_order(self, job: _Job) -> m.WorkOrder:
        rng = self.rng
        utc = self.utc
        anchor = self.anchor
        status = job.status
        assert job.created is not None  # every job is dated before it becomes mapped objects
        finished = status in (S.COMPLETED, S.VERIFIED, S.INVOICED, S.CLOSED)
        hours = (Decimal(job.minutes) / Decimal(60)).quantize(Decimal("0.01"))
        if job.plan is not None:
            hours = job.plan.estimated_hours
        wo = m.WorkOrder(
            number=job.number,
            type=job.type,
            priority=job.priority,
            priority_rank=PRIORITY_RANK[job.priority],
            status=status,
            site=job.site,
            asset=job.asset,
            summary=job.summary,
            description=job.problem,
            estimated_hours=hours,
            due_by=utc(job.due) if job.due else None,
            created_at=utc(job.created),
            task_codes=list(job.task_codes),
            pm_plan=job.plan,
            pm_occurrence=job.occurrence,
            hold_reason=job.hold_reason,
            cancel_reason=job.cancel_reason,
            started_at=utc(job.started) if job.started else None,
            completed_at=utc(job.completed) if job.completed else None,
            verified_at=utc(job.verified) if job.verified else None,
            verified_by=rng.choice(OFFICE) if job.verified else None,
            billable=not (status == S.CLOSED and job.invoiced is None),
            closed_at=utc(job.closed)
            if job.closed
            else (utc(job.cancelled_at) if job.cancelled_at else None),
            required_skills=[self.skills[code] for code in sorted(job.skills)],
        )
        job.wo = wo
        if job.source is not None and job.plan is None:
            delay = (
                self._minutes_between(5, 15)
                if job.type == WT.EMERGENCY
                else self._minutes_between(10, 90)
            )
            request = m.WorkRequest(
                status=RequestStatus.APPROVED,
                source=job.source,
                customer=job.site.customer,
                site=job.site,
                asset=job.asset,
                contact_name=job.site.contact_name,
                contact_phone=job.site.contact_phone,
                problem=job.problem,
                priority=job.priority,
                received_at=utc(job.created - delay),
                reviewed_by=rng.choice(OFFICE),
                reviewed_at=utc(job.created),
            )
            wo.request = request
            self.requests.append(request)
        for visit in job.visits:
            visit.booking = m.Booking(
                work_order=wo, technician=visit.crew.obj, start=utc(visit.start), end=utc(visit.end)
            )
        if job.type in (WT.PREVENTIVE, WT.INSTALLATION, WT.INSPECTION):
            for sku, quantity in job.parts:
                wo.planned_parts.append(m.PlannedPart(part=self.parts[sku], quantity=quantity))
        lead_name = job.lead.name if job.visits else ""
        contact = job.site.contact_name or "the site contact"
        # What the office wrote when the call came in.
        if rng.random() < 0.3 and job.created + timedelta(minutes=20) < anchor:
            at = min(job.created + self._minutes_between(15, 60), anchor - timedelta(minutes=1))
            text = rng.choice(OFFICE_NOTES).format(
                contact=contact, phone=job.site.contact_phone or ""
            )
            wo.notes.append(m.Note(author=rng.choice(OFFICE), at=utc(at), text=text))
        labor_start: datetime | None = min((s for _, s, _, _, _ in job.labor), default=job.started)
        labor_end = max((e for _, _, e, _, _ in job.labor), default=None)
        for crew, start, end, billable, note in job.labor:
            wo.labor.append(
                m.LaborEntry(
                    technician=crew.obj,
                    start=utc(start),
                    end=utc(end),
                    billable=billable,
                    note=note or None,
                )
            )
        # Checklist, ticked as the work went.
        gap = None
        if job.gap:
            need = CLOSEOUT[job.type]
            if need.photos:
                gap = "after_photo"
            elif need.signature:
                gap = "signature"
            elif need.checklist and job.checklist:
                gap = "checklist"
        done = 0
        if finished:
            done = len(job.checklist) - (1 if gap == "checklist" else 0)
        elif status in (S.IN_PROGRESS, S.ON_HOLD) and job.checklist and job.started is not None:
            done = rng.randint(0, len(job.checklist) - 1)
        ticks = self._ticks(job, done)
        for position, text in enumerate(job.checklist):
            ticked = position < done
            wo.checklist.append(
                m.ChecklistItem(
                    position=position,
                    text=text,
                    done=ticked,
                    done_by=lead_name if ticked else None,
                    done_at=utc(ticks[position]) if ticked else None,
                )
            )
        if job.started is not None and status in (S.IN_PROGRESS, S.ON_HOLD):
            at = min(job.started + timedelta(minutes=15), anchor - timedelta(minutes=1))
            text = rng.choice(PROGRESS_NOTES).format(contact=contact)
            wo.notes.append(m.Note(author=lead_name, at=utc(at), text=text))
        if status == S.ON_HOLD and job.held is not None:
            if job.scope is not None:
                description, extra_hours, extra_cost = job.scope
                wo.notes.append(
                    m.Note(author=lead_name, at=utc(job.held), text=f"Stopped work: {description}.")
                )
                wo.scope_changes.append(
                    m.ScopeChange(
                        seq=1,
                        description=description,
                        extra_hours=Decimal(extra_hours),
                        extra_cost=Decimal(extra_cost),
                        status=ScopeChangeStatus.PENDING,
                        requested_by=lead_name,
                        requested_at=utc(job.held),
                    )
                )
            else:
                wo.notes.append(
                    m.Note(author=lead_name, at=utc(job.held), text=f"On hold: {job.hold_reason}.")
                )
        if finished:
            assert labor_end is not None and job.completed is not None
            assert labor_start is not None  # there is labor, since labor_end is not None
            if job.type in (WT.CORRECTIVE, WT.EMERGENCY) and rng.random() < 0.08 and job.labor:
                description, extra_hours, extra_cost = rng.choice(SCOPE_CHANGES[job.skills[0]])
                asked = min(labor_start + timedelta(minutes=30), labor_end - timedelta(minutes=20))
                decided = min(
                    asked + self._minutes_between(10, 45), labor_end - timedelta(minutes=5)
                )
                wo.scope_changes.append(
                    m.ScopeChange(
                        seq=1,
                        description=description,
                        extra_hours=Decimal(extra_hours),
                        extra_cost=Decimal(extra_cost),
                        status=ScopeChangeStatus.APPROVED,
                        requested_by=lead_name,
                        requested_at=utc(asked),
                        decided_by=rng.choice(OFFICE),
                        decided_at=utc(max(decided, asked)),
                        decision_note=f"Approved by {contact} by phone, PO {rng.randint(40000, 49999)}",
                    )
                )
                wo.estimated_hours = hours + Decimal(extra_hours)
            wo.notes.append(
                m.Note(
                    author=lead_name, at=utc(labor_end - timedelta(minutes=5)), text=job.resolution
                )
            )
            for sku, quantity in job.parts:
                part = self.parts[sku]
                price = None
                if rng.random() < 0.08:
                    price = (part.unit_price * Decimal("0.9")).quantize(
                        Decimal("0.01")
                    )  # contract price
                wo.parts_used.append(m.PartUsed(part=part, quantity=quantity, unit_price=price))
            need = CLOSEOUT[job.type]
            if (need.signature or rng.random() < 0.4) and gap != "signature":
                wo.signature = m.Signature(
                    signer_name=contact,
                    signed_at=utc(labor_end - timedelta(minutes=3)),
                    image_png=None,
                )
            if job.type == WT.CORRECTIVE and rng.random() < 0.15:
                self._photo(
                    wo,
                    PhotoKind.OTHER,
                    labor_end - timedelta(minutes=20),
                    lead_name,
                    "Failed part removed",
                )
        if job.type == WT.INSTALLATION and job.started is not None and status != S.CANCELLED:
            at = min(job.started + timedelta(minutes=10), anchor - timedelta(minutes=1))
            self._photo(wo, PhotoKind.BEFORE, at, lead_name, "Before: existing equipment")
            if finished and gap != "after_photo":
                assert labor_end is not None
                self._photo(
                    wo,
                    PhotoKind.AFTER,
                    labor_end - timedelta(minutes=10),
                    lead_name,
                    "After: new equipment installed",
                )
        return wo

    def _ticks(self, job: _Job, count: int) -> list[datetime]:
        """When each checklist item was ticked: spread over the labor entries, in order."""
        if count <= 0:
            return []
        spans = sorted((start, end) for _, start, end, _, _ in job.labor)
        if not spans:
            assert job.started is not None
            return self._spread(
                count, job.started, min(job.held or self.anchor, self.anchor) - timedelta(minutes=1)
            )
        total = sum((end - start for start, end in spans), timedelta())
        moments = []
        for index in range(count):
            offset = total * (index + 1) / (count + 1)
            for start, end in spans:
                if offset <= end - start:
                    moments.append((start + offset).replace(second=0, microsecond=0))
                    break
                offset -= end - start
        return sorted(moments)

    def _photo(
        self, wo: m.WorkOrder, kind: PhotoKind, at: datetime, author: str, caption: str
    ) -> None:
        wo.attachments.append(
            m.Attachment(
                kind=kind.value,
                filename=f"{wo.number}-{kind.value}.png",
                content_type="image/png",
                data=png_square(PHOTO_COLOURS[kind]),
                caption=caption,
                added_by=author,
                added_at=self.utc(at),
            )
        )

    def _record_conflicts(self) -> None:
        """What the dispatcher saw and confirmed, for the bookings that make conflicts."""
        margin = timedelta(days=1)
        for crew in self.crews:
            visits = sorted(crew.visits, key=lambda v: v.start)
            workdays = frozenset(d for d in crew.obj.workdays.split(";") if d)
            for visit in visits:
                job = visit.job
                assert job is not None
                lo, hi = visit.start - margin, visit.end + margin
                others = tuple(
                    Interval(self.utc(o.start), self.utc(o.end), o.job.number if o.job else "")
                    for o in visits
                    if o is not visit and o.start < hi and o.end > lo
                )
                offs = tuple(
                    Interval(self.utc(a), self.utc(b), why)
                    for a, b, why in crew.off
                    if a < hi and b > lo
                )
                calendar = TechCalendar(
                    name=crew.name,
                    shift_start=crew.obj.shift_start,
                    shift_end=crew.obj.shift_end,
                    workdays=workdays,
                    skills=dict(crew.skills),
                    time_off=offs,
                    bookings=others,
                )
                conflicts = booking_conflicts(
                    calendar,
                    self.utc(visit.start),
                    self.utc(visit.end),
                    self.tz,
                    sorted(job.skills),
                    self.utc(job.due) if job.due else None,
                )
                if conflicts:
                    booking = visit.booking
                    assert booking is not None
                    booking.confirmed_conflicts = "; ".join(c.message for c in conflicts)
                    booking.confirmed_by = self.rng.choice(OFFICE)
                    self.confirmed += 1

    def _make_invoices(self, jobs: list[_Job]) -> None:
        groups: dict[tuple[str, ...], _Invoice] = {}
        for job in jobs:
            if job.invoice_key is None:
                continue
            assert job.invoiced is not None
            group = groups.get(job.invoice_key)
            if group is None:
                group = groups[job.invoice_key] = _Invoice(
                    job.invoice_key, job.site.customer, job.invoiced
                )
            group.jobs.append(job)
        ordered = sorted(groups.values(), key=lambda g: (g.at, g.jobs[0].number))
        for index, group in enumerate(ordered):
            lines: list[m.InvoiceLine] = []
            for job in group.jobs:
                wo = job.wo
                assert wo is not None
                for entry in sorted(wo.labor, key=lambda e: e.start):
                    if not entry.billable:
                        continue
                    rate = entry.technician.hourly_rate or Decimal(0)
                    when = to_local(entry.start, self.tz).strftime("%Y-%m-%d")
                    lines.append(
                        m.InvoiceLine(
                            work_order=wo,
                            position=len(lines) + 1,
                            kind=InvoiceLineKind.LABOR.value,
                            description=f"{wo.number} labor, {entry.technician.name}, {when}",
                            quantity=hours_between(entry.start, entry.end).quantize(
                                Decimal("0.0001")
                            ),
                            unit_price=rate,
                            amount=labor_amount(entry.start, entry.end, rate),
                        )
                    )
                for used in wo.parts_used:
                    price = used.unit_price if used.unit_price is not None else used.part.unit_price
                    lines.append(
                        m.InvoiceLine(
                            work_order=wo,
                            position=len(lines) + 1,
                            kind=InvoiceLineKind.PART.value,
                            description=f"{wo.number} {used.part.sku} {used.part.description}",
                            quantity=used.quantity,
                            unit_price=price,
                            amount=parts_amount(used.quantity, price),
                        )
                    )
            rate = effective_tax_rate(group.customer.tax_rate, COMPANY_TAX_RATE)
            totals = invoice_totals([line.amount for line in lines], rate)
            issued = group.at.date()
            self.invoices.append(
                m.Invoice(
                    number=f"{INVOICE_PREFIX}{FIRST_INVOICE + index}",
                    customer=group.customer,
                    issued_on=issued,
                    due_on=issued + timedelta(days=30),
                    currency="USD",
                    tax_rate=rate,
                    subtotal=totals.subtotal,
                    tax=totals.tax,
                    total=totals.total,
                    created_at=self.utc(group.at),
                    created_by=self.rng.choice(OFFICE),
                    lines=lines,
                )
            )

    def summary(self) -> DemoSummary:
        return DemoSummary(
            company=COMPANY["name"],
            today=self.today,
            skills=len(self.skills),
            technicians=len(self.crews),
            customers=len(self.customers),
            sites=len(self.sites),
            assets=len(self.assets),
            parts=len(self.parts),
            agreements=len(self.agreements),
            plans=len(self.plans),
            requests=len(self.requests),
            work_orders=len(self.jobs),
            this_week=sum(1 for j in self.jobs if j.era == "week"),
            open_queue=sum(1 for j in self.jobs if j.status == S.OPEN),
            history=sum(1 for j in self.jobs if j.era == "history"),
            bookings=sum(len(j.visits) for j in self.jobs),
            invoices=len(self.invoices),
        )


# =================================================================================================
# The service
# =================================================================================================


@dataclass
class DemoBuild:
    """The demo company as mapped objects, not yet in any database (see ``build_demo_company``)."""

    objects: list[m.Base]
    work_orders: list[m.WorkOrder]
    agreements: list[tuple[m.Customer, m.Site | None, dict[str, object]]]
    counters: dict[str, int]
    confirmed_conflicts: int
    summary: DemoSummary


def build_demo_company(today: date, seed: int = 7) -> DemoBuild:
    """Build the demo company in memory: deterministic for ``today`` and ``seed``, no I/O."""
    builder = _Builder(today, seed, zone(DEMO_TIMEZONE))
    builder.build_reference()
    builder.build_schedule()
    builder.assign_statuses()
    builder.execute()
    builder.materialize()
    objects: list[m.Base] = [builder.company, *builder.skills.values()]
    objects += [c.obj for c in builder.crews]
    objects += list(builder.customers.values())
    objects += builder.sites
    objects += builder.assets
    objects += list(builder.parts.values())
    objects += builder.plans
    objects += builder.requests
    objects += builder.work_orders
    objects += builder.invoices
    return DemoBuild(
        objects=objects,
        work_orders=builder.work_orders,
        agreements=builder.agreements,
        counters=builder.counters,
        confirmed_conflicts=builder.confirmed,
        summary=builder.summary(),
    )


_WHAT_COUNTS = (
    (m.Skill, "skill", "skills"),
    (m.Technician, "technician", "technicians"),
    (m.Customer, "customer", "customers"),
    (m.Site, "site", "sites"),
    (m.Part, "part", "parts"),
    (m.PmPlan, "recurring plan", "recurring plans"),
    (m.WorkRequest, "request", "requests"),
    (m.WorkOrder, "work order", "work orders"),
)


def create_demo_company(
    ctx: ServiceContext, *, today: date | None = None, seed: int = 7
) -> DemoSummary:
    """Fill an EMPTY database with the demo company, dated around ``today``; what it holds.

    ``today`` defaults to the date in the demo company's zone (America/Chicago) at ``ctx.now()``.
    A database with a company or any technician, customer, work order (or other master data)
    is refused and left untouched.
    """
    tz = zone(DEMO_TIMEZONE)
    day = today if today is not None else to_local(ctx.now(), tz).date()
    with ctx.write("Create demo company") as uow:
        found = []
        if uow.company() is not None:
            found.append("a company")
        for model, one, many in _WHAT_COUNTS:
            count = uow.count(model)
            if count:
                found.append(f"{count} {one if count == 1 else many}")
        if found:
            raise RuleViolation(
                "cannot create the demo company",
                [
                    (
                        "the database already has data; the demo company goes only into an empty "
                        f"database (this one has {', '.join(found)})"
                    )
                ],
            )
        demo = build_demo_company(day, seed)
        uow.add_all(demo.objects)
        uow.flush()
        uow.add_all(
            m.ServiceAgreement(
                customer_id=customer.id,
                site_id=site.id if site is not None else None,
                **fields,
            )
            for customer, site, fields in demo.agreements
        )
        counters = {c.name: c for c in uow.all(m.Counter, order_by=m.Counter.name)}
        for name, next_value in sorted(demo.counters.items()):
            counter = counters.get(name)
            if counter is None:
                uow.add(m.Counter(name=name, next_value=next_value))
            else:
                counter.next_value = max(counter.next_value, next_value)
        uow.flush()
        summary = demo.summary
    ctx.notify(DEMO_CHANGES)
    return summary
