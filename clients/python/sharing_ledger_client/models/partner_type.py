from enum import StrEnum

class PartnerType(StrEnum):
    SLDOMESTICABUSE = "sl:DomesticAbuse"
    SLDWP = "sl:DWP"
    SLEDUCATION = "sl:Education"
    SLFIREANDRESCUE = "sl:FireAndRescue"
    SLHEALTH = "sl:Health"
    SLHEALTHVISITINGANDSCHOOLNURSING = "sl:HealthVisitingAndSchoolNursing"
    SLHOUSING = "sl:Housing"
    SLLOCALAUTHORITY = "sl:LocalAuthority"
    SLMHCLG = "sl:MHCLG"
    SLNATIONALEVALUATION = "sl:NationalEvaluation"
    SLPOLICE = "sl:Police"
    SLPROBATIONANDPRISONS = "sl:ProbationAndPrisons"
    SLPUBLICHEALTH = "sl:PublicHealth"
    SLSOCIALSERVICES = "sl:SocialServices"
    SLSUBSTANCEMISUSESERVICE = "sl:SubstanceMisuseService"
    SLYOUNGPEOPLESSERVICES = "sl:YoungPeoplesServices"
    SLYOUTHJUSTICE = "sl:YouthJustice"

    def __str__(self) -> str:
        return str(self.value)
