from enum import StrEnum

class ICODecision(StrEnum):
    SLICOINFRINGEMENTACTION = "sl:ICOInfringementAction"
    SLICOINFRINGEMENTADVICE = "sl:ICOInfringementAdvice"
    SLICONOINFRINGEMENT = "sl:ICONoInfringement"
    SLICONOTPURSUED = "sl:ICONotPursued"
    SLICOREGULATORYACTION = "sl:ICORegulatoryAction"

    def __str__(self) -> str:
        return str(self.value)
