from enum import StrEnum

class LawfulBasis(StrEnum):
    EU_GDPRA6_1_A = "eu-gdpr:A6-1-a"
    EU_GDPRA6_1_C = "eu-gdpr:A6-1-c"
    EU_GDPRA6_1_D = "eu-gdpr:A6-1-d"
    EU_GDPRA6_1_E = "eu-gdpr:A6-1-e"

    def __str__(self) -> str:
        return str(self.value)
