from enum import StrEnum

class Relation(StrEnum):
    BROADER = "broader"
    NARROWER = "narrower"
    SAME = "same"

    def __str__(self) -> str:
        return str(self.value)
