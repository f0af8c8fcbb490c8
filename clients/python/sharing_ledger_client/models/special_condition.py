from enum import StrEnum

class SpecialCondition(StrEnum):
    EU_GDPRA9_2_A = "eu-gdpr:A9-2-a"
    EU_GDPRA9_2_B = "eu-gdpr:A9-2-b"
    EU_GDPRA9_2_C = "eu-gdpr:A9-2-c"
    EU_GDPRA9_2_F = "eu-gdpr:A9-2-f"
    EU_GDPRA9_2_G = "eu-gdpr:A9-2-g"
    EU_GDPRA9_2_H = "eu-gdpr:A9-2-h"
    EU_GDPRA9_2_J = "eu-gdpr:A9-2-j"

    def __str__(self) -> str:
        return str(self.value)
