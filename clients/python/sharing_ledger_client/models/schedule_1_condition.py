from enum import StrEnum

class Schedule1Condition(StrEnum):
    SLDPA2018_S1_P1_2 = "sl:DPA2018-S1-P1-2"
    SLDPA2018_S1_P1_4 = "sl:DPA2018-S1-P1-4"
    SLDPA2018_S1_P2_10 = "sl:DPA2018-S1-P2-10"
    SLDPA2018_S1_P2_18 = "sl:DPA2018-S1-P2-18"
    SLDPA2018_S1_P2_6 = "sl:DPA2018-S1-P2-6"
    SLDPA2018_S1_P3_36 = "sl:DPA2018-S1-P3-36"

    def __str__(self) -> str:
        return str(self.value)
