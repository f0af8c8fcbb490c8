from enum import StrEnum

class Purpose(StrEnum):
    DPVLEGALCOMPLIANCE = "dpv:LegalCompliance"
    DPVRESEARCHANDDEVELOPMENT = "dpv:ResearchAndDevelopment"
    DPVRIGHTSFULFILLMENT = "dpv:RightsFulfillment"
    DPVSERVICEOPTIMISATION = "dpv:ServiceOptimisation"
    DPVSERVICEPROVISION = "dpv:ServiceProvision"
    SLANONYMISEDRESEARCH = "sl:AnonymisedResearch"
    SLCRIMEPREVENTION = "sl:CrimePrevention"
    SLEARLYHELPANDPREVENTION = "sl:EarlyHelpAndPrevention"
    SLIDENTIFYFAMILIESNEEDINGSUPPORT = "sl:IdentifyFamiliesNeedingSupport"
    SLPROGRAMMEEVALUATION = "sl:ProgrammeEvaluation"
    SLSAFEGUARDING = "sl:Safeguarding"

    def __str__(self) -> str:
        return str(self.value)
