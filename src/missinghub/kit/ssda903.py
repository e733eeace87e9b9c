"""The DfE's SSDA903 return (children looked after): its tables, columns and code lists.

The one place that says what the return looks like, for the import (`imports/ssda903.py`, whose
mapping `mappings/ssda903.yaml` is checked against these lists), the export
(`exports/ssda903.py`) and the synthetic county (`synth/ssda903.py`). No Django here.

Columns as the DfE's specification for 2024 to 2025 names them, which the validator councils
run (data-to-insight `csc-validator-be-903`, `lac_validator/config.py`) also encodes. The
Missing table of the specification has no return-interview columns: MissingHub adds
`RHI_OFFERED` and `RHI_ACCEPTED` after the DfE's columns (and `PL_LOCATION` to the Episodes
table, where a placement has no postcode), documented in docs/imports.md as extras; a reader
that wants only the DfE's columns takes the first ones.
"""

from dataclasses import dataclass

DATE_FORMAT = "%d/%m/%Y"  # every date in the return is dd/mm/yyyy


@dataclass(frozen=True)
class Table:
    name: str  # as the specification names it
    file: str  # the CSV MissingHub reads and writes
    columns: tuple[str, ...]  # the DfE's columns, in order
    extras: tuple[str, ...] = ()  # MissingHub's documented extra columns, after them

    @property
    def all_columns(self) -> tuple[str, ...]:
        return (*self.columns, *self.extras)


HEADER = Table("Header", "header.csv", ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"))
EPISODES = Table(
    "Episodes",
    "episodes.csv",
    (
        "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
        "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN",
    ),
    extras=("PL_LOCATION",),
)  # fmt: skip
MISSING = Table(
    "Missing",
    "missing.csv",
    ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
    extras=("RHI_OFFERED", "RHI_ACCEPTED"),
)
TABLES = (HEADER, EPISODES, MISSING)

SEX = {"M": "Male", "F": "Female", "U": "Not known or not recorded"}

ETHNIC = {
    "WBRI": "White British",
    "WIRI": "White Irish",
    "WOTH": "Any other White background",
    "WIRT": "Traveller of Irish heritage",
    "WROM": "Gypsy or Roma",
    "MWBC": "White and Black Caribbean",
    "MWBA": "White and Black African",
    "MWAS": "White and Asian",
    "MOTH": "Any other mixed background",
    "AIND": "Indian",
    "APKN": "Pakistani",
    "ABAN": "Bangladeshi",
    "AOTH": "Any other Asian background",
    "BCRB": "Black Caribbean",
    "BAFR": "Black African",
    "BOTH": "Any other Black background",
    "CHNE": "Chinese",
    "OOTH": "Any other ethnic group",
    "REFU": "Refused",
    "NOBT": "Information not yet obtained",
}

RNE = {
    "S": "Started to be looked after",
    "L": "Change of legal status only",
    "P": "Change of placement and carer(s) only",
    "T": "Change of legal status and placement and carer(s) at the same time",
    "B": "Change of placement (but same carer(s)) only",
    "U": "Change of legal status and change of placement (but same carer(s)) at the same time",
}

LS = {
    "C1": "Interim care order",
    "C2": "Full care order",
    "D1": "Freeing order granted",
    "E1": "Placement order granted",
    "J1": "Remanded to local authority or youth detention accommodation",
    "J2": "Placed in local authority accommodation under PACE",
    "J3": "Sentenced to a youth rehabilitation order with a residence requirement",
    "L1": "Under police protection and in local authority accommodation",
    "L2": "Emergency protection order",
    "L3": "Under a child assessment order and in local authority accommodation",
    "V2": "Single period of accommodation under section 20",
    "V3": "Short-term breaks, individual episodes recorded",
    "V4": "Short-term breaks, agreements recorded",
}

CIN = {
    "N1": "Abuse or neglect",
    "N2": "Child's disability",
    "N3": "Parental illness or disability",
    "N4": "Family in acute stress",
    "N5": "Family dysfunction",
    "N6": "Socially unacceptable behaviour",
    "N7": "Low income",
    "N8": "Absent parenting",
}

PLACE = {
    "A3": "Placed for adoption with consent, with current foster carer(s)",
    "A4": "Placed for adoption with consent, not with current foster carer(s)",
    "A5": "Placed for adoption with a placement order, with current foster carer(s)",
    "A6": "Placed for adoption with a placement order, not with current foster carer(s)",
    "H5": "Semi-independent or supported accommodation",
    "K1": "Secure children's home",
    "K2": "Children's home subject to the Children's Homes Regulations",
    "P1": "Placed with own parent(s) or others with parental responsibility",
    "P2": "Independent living (flat, lodgings, bedsit, B&B or with friends)",
    "P3": "Residential employment",
    "R1": "Residential care home",
    "R2": "NHS or health trust establishment providing medical or nursing care",
    "R3": "Family centre or mother and baby unit",
    "R5": "Young offender institution",
    "S1": "Residential school",
    "T0": "All types of temporary move",
    "T1": "Temporary period in hospital",
    "T2": "Temporary absence on holiday",
    "T3": "Temporary accommodation while the foster carer(s) are on holiday",
    "T4": "Temporary accommodation of seven days or less",
    "U1": "Foster placement with relative(s) or friend(s), long term",
    "U2": "Foster placement with relative(s) or friend(s), fostering for adoption",
    "U3": "Foster placement with relative(s) or friend(s), not long term",
    "U4": "Foster placement with other foster carer(s), long term",
    "U5": "Foster placement with other foster carer(s), fostering for adoption",
    "U6": "Foster placement with other foster carer(s), not long term",
    "Z1": "Other placement",
}

PLACE_PROVIDER = {
    "PR0": "Parent(s) or others with parental responsibility",
    "PR1": "Own provision (by the local authority)",
    "PR2": "Other local authority provision",
    "PR3": "Other public provision",
    "PR4": "Private provision",
    "PR5": "Voluntary or third sector provision",
}

REC = {
    "X1": "Episode ceases and a new episode begins on the same day",
    "E11": "Adopted: application unopposed",
    "E12": "Adopted: consent dispensed with by the court",
    "E13": "Left care to live with parent(s), relative(s) or others without parental "
    "responsibility",
    "E14": "Accommodation on remand ended",
    "E15": "Age assessment found the child to be 18 or over",
    "E16": "Child moved abroad",
    "E17": "Aged 18 or over and remained with current carers",
    "E2": "Died",
    "E3": "Care taken over by another local authority in the UK",
    "E41": "Residence order or child arrangement order granted",
    "E45": "Special guardianship order to former foster carer(s), relative(s) or friend(s)",
    "E46": "Special guardianship order to former foster carer(s), not relatives or friends",
    "E47": "Special guardianship order to other carer(s), relative(s) or friend(s)",
    "E48": "Special guardianship order to other carer(s), not relatives or friends",
    "E4A": "Returned home as part of the care planning process",
    "E4B": "Returned home, not as part of the care planning process",
    "E5": "Moved to independent living with formal support",
    "E6": "Moved to independent living without formal support",
    "E7": "Transferred to residential care funded by adult social care",
    "E8": "Ceased to be looked after for any other reason",
    "E9": "Sentenced to custody",
}

REASON_PLACE_CHANGE = {
    "ALLEG": "Allegation (section 47)",
    "APPRR": "Approval removed",
    "CARPL": "Change to or implementation of the care plan",
    "CHILD": "Child requests placement end",
    "CLOSE": "Resignation or closure of provision",
    "CREQB": "Carer(s) request placement end due to child's behaviour",
    "CREQO": "Carer(s) request placement end, not due to child's behaviour",
    "CUSTOD": "Custody arrangement",
    "LAREQ": "Responsible or area authority requests placement end",
    "OTHER": "Other",
    "PLACE": "Change in the status of the placement only",
    "STAND": "Standards of care concern",
}

MISSING_CODES = {"M": "Missing", "A": "Away from placement without authorisation"}
YES_NO = {"Y": "Yes", "N": "No"}  # the extras RHI_OFFERED, RHI_ACCEPTED
PL_LOCATION = {"IN": "Inside the council's area", "OUT": "Outside the council's area"}

# Column -> its code list, for the columns that hold codes.
CODES: dict[str, dict[str, str]] = {
    "SEX": SEX,
    "ETHNIC": ETHNIC,
    "RNE": RNE,
    "LS": LS,
    "CIN": CIN,
    "PLACE": PLACE,
    "PLACE_PROVIDER": PLACE_PROVIDER,
    "REC": REC,
    "REASON_PLACE_CHANGE": REASON_PLACE_CHANGE,
    "MISSING": MISSING_CODES,
    "RHI_OFFERED": YES_NO,
    "RHI_ACCEPTED": YES_NO,
    "PL_LOCATION": PL_LOCATION,
}

# What MissingHub writes for what it records (the export and the synthetic county). MissingHub
# keeps placement types and ethnic groups more coarsely than the return, so the "other" code
# of each group is written; the mapping reads every code back (mappings/ssda903.yaml).
PLACE_OF = {
    "foster": "U6",
    "childrens_home": "K2",
    "semi_independent": "H5",
    "secure": "K1",
    "family_home": "P1",
    "other": "Z1",
}
ETHNIC_OF = {
    "white": "WOTH",
    "mixed": "MOTH",
    "asian": "AOTH",
    "black": "BOTH",
    "other": "OOTH",
    "not_stated": "NOBT",
}
SEX_OF = {"male": "M", "female": "F", "other": "U", "not_known": "U"}
MISSING_OF = {"missing": "M", "awol": "A"}
LOCATION_OF = {"in_borough": "IN", "out_of_borough": "OUT"}


def collection_year(year: int) -> tuple[str, str]:
    """The collection year YYYY as ISO dates [1 April YYYY, 1 April YYYY+1): the DfE's
    "children looked after return YYYY to YYYY+1"."""
    return f"{year}-04-01", f"{year + 1}-04-01"
