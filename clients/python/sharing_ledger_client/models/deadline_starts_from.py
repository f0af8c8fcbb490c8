from enum import StrEnum

class DeadlineStartsFrom(StrEnum):
    IDENTITY_INFORMATION_RECEIVED = "identity information received"
    IDENTITY_VERIFIED = "identity verified"
    REQUEST_RECEIVED = "request received"

    def __str__(self) -> str:
        return str(self.value)
