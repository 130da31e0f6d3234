"""The CAMEO codebook (`data/cameo.tsv`) and the frames that derive one code from another.

CAMEO is built from a few recurring shapes: an action ("provide military aid", 072) can be
promised (033 → 0332), asked for (0232), demanded (1032), refused (1222) or threatened. The
coder finds the action and the frame separately; `framed()` combines them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Code:
    """A CAMEO code, or (`goldstein` None) a code an extra dictionary brings of its own: a
    PETRARCH dictionary may code "arrest" 212 where CAMEO has no such code. Such a code has no
    Goldstein value, quad class or PLOVER category; sitroom does not invent them."""

    code: str
    name: str
    goldstein: float | None
    plover: str | None

    @property
    def root(self) -> str:
        return self.code[:2]

    @property
    def quad_class(self) -> int | None:
        """GDELT's QuadClass: 1 verbal cooperation (01–05), 2 material cooperation (06–08),
        3 verbal conflict (09–13), 4 material conflict (14–20); None outside CAMEO."""
        if self.goldstein is None:
            return None
        root = int(self.root)
        return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4

    @property
    def pentacode(self) -> int:
        """The five-way class event-data work uses: 0 statement or appeal (01–02), 1 verbal
        cooperation (03–05), 2 material cooperation (06–08), 3 verbal conflict (09–13 and 16,
        reducing relations and sanctions), 4 material conflict (14, 15, 17–20)."""
        root = int(self.root)
        if root <= 2:
            return 0
        if root <= 5:
            return 1
        if root <= 8:
            return 2
        return 3 if root <= 13 or root == 16 else 4


@lru_cache(maxsize=1)
def codebook() -> dict[str, Code]:
    text = resources.files("sitroom.data").joinpath("cameo.tsv").read_text("utf-8")
    out = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            code, goldstein, plover, name = line.split("\t")
            out[code] = Code(code, name, float(goldstein), plover or None)
    return out


def custom(code: str) -> Code:
    """A code outside CAMEO that an extra dictionary uses ("212", "903")."""
    return Code(code, f"code {code} of an extra dictionary", None, None)


def lookup(code: str) -> Code:
    """The codebook entry; an unknown sub-code falls back to its parent ("0415" → "041")."""
    book = codebook()
    for length in range(len(code), 1, -1):
        hit = book.get(code[:length])
        if hit is not None:
            return hit if length == len(code) else Code(code, hit.name, hit.goldstein, hit.plover)
    raise KeyError(f"not a CAMEO code: {code!r}")


# Frame → {action code prefix → framed code}; the longest matching prefix applies.
_FRAMES: dict[str, dict[str, str]] = {
    "intent": {
        "03": "", "04": "036", "045": "039", "05": "032", "06": "031", "061": "0311",
        "062": "0312", "063": "0313", "064": "0314", "07": "033", "071": "0331", "072": "0332",
        "073": "0333", "074": "0334", "08": "035", "081": "0351", "082": "0352", "083": "034",
        "0831": "0341", "0832": "0342", "084": "0353", "085": "0354", "086": "0355",
        "087": "0356",
    },
    "appeal": {
        "03": "020", "04": "026", "045": "028", "05": "022", "06": "021", "061": "0211",
        "062": "0212", "063": "0213", "064": "0214", "07": "023", "071": "0231", "072": "0232",
        "073": "0233", "074": "0234", "08": "025", "081": "0251", "082": "0252", "083": "024",
        "0831": "0241", "0832": "0242", "084": "0253", "085": "0254", "086": "0255",
        "087": "0256",
    },
    "demand": {
        "03": "100", "04": "106", "045": "108", "05": "102", "06": "101", "061": "1011",
        "062": "1012", "063": "1013", "064": "1014", "07": "103", "071": "1031", "072": "1032",
        "073": "1033", "074": "1034", "08": "105", "081": "1051", "082": "1052", "083": "104",
        "0831": "1041", "0832": "1042", "084": "1053", "085": "1054", "086": "1055",
        "087": "1056",
    },
    "refuse": {
        "03": "120", "04": "125", "045": "126", "05": "120", "057": "127", "06": "121",
        "061": "1211", "062": "1212", "07": "122", "071": "1221", "072": "1222", "073": "1223",
        "074": "1224", "08": "124", "081": "1241", "082": "1242", "083": "123", "0831": "1231",
        "0832": "1232", "084": "1243", "085": "1244", "086": "1245", "087": "1246",
    },
    "threaten": {
        "14": "133", "16": "131", "161": "1313", "162": "1311", "163": "1312", "164": "134",
        "165": "135", "166": "136", "17": "132", "1721": "1321", "1722": "1322",
        "1723": "1323", "1724": "1324", "175": "137", "18": "1383", "19": "138", "190": "1384",
        "191": "1381", "192": "1382", "193": "1384", "194": "1384", "195": "1384",
        "20": "1383", "204": "1385",
    },
    # Ending or easing something: ending cooperation reduces relations (16), ending
    # coercion or fighting yields (08), ending a protest concedes.
    "stop": {
        "04": "160", "045": "165", "046": "164", "05": "160", "057": "160", "06": "160",
        "07": "162", "071": "1621", "072": "1622", "073": "1623", "074": "1661", "14": "080",
        "16": "080", "163": "085", "17": "081", "1721": "0811", "1722": "0812",
        "1723": "0813", "1724": "0814", "18": "087", "19": "087", "191": "0872",
    },
}


def framed(frame: str, code: str) -> str | None:
    """The code of `code` inside `frame` ("intent", "appeal", "demand", "refuse",
    "threaten", "stop"); None when the frame does not apply to that kind of action."""
    table = _FRAMES[frame]
    for length in range(len(code), 1, -1):
        hit = table.get(code[:length])
        if hit is not None:
            return hit or code
    return None
