from enum import StrEnum

class Role(StrEnum):
    ADMIN = "admin"
    AUDITOR = "auditor"
    DPO = "dpo"
    INVESTIGATOR = "investigator"
    PARTNER = "partner"
    SOURCE_SYSTEM = "source-system"

    def __str__(self) -> str:
        return str(self.value)
