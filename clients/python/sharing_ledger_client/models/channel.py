from enum import StrEnum

class Channel(StrEnum):
    SLMEETING = "sl:Meeting"
    SLPOST = "sl:Post"
    SLSECUREEMAIL = "sl:SecureEmail"
    SLSECUREPORTAL = "sl:SecurePortal"
    SLSYSTEMTOSYSTEM = "sl:SystemToSystem"
    SLTELEPHONE = "sl:Telephone"

    def __str__(self) -> str:
        return str(self.value)
