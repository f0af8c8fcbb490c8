from enum import StrEnum

class RightsRequestKind(StrEnum):
    EU_GDPRA15 = "eu-gdpr:A15"
    EU_GDPRA16 = "eu-gdpr:A16"
    EU_GDPRA17 = "eu-gdpr:A17"
    EU_GDPRA18 = "eu-gdpr:A18"
    EU_GDPRA21 = "eu-gdpr:A21"

    def __str__(self) -> str:
        return str(self.value)
