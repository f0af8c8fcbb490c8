from enum import StrEnum

class Complainant(StrEnum):
    SLCOMPLAINANTDATASUBJECT = "sl:ComplainantDataSubject"
    SLCOMPLAINANTICO = "sl:ComplainantICO"
    SLCOMPLAINANTREPRESENTATIVE = "sl:ComplainantRepresentative"

    def __str__(self) -> str:
        return str(self.value)
