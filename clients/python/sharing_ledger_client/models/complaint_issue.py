from enum import StrEnum

class ComplaintIssue(StrEnum):
    SLISSUEINACCURATEDATA = "sl:IssueInaccurateData"
    SLISSUELATERESPONSE = "sl:IssueLateResponse"
    SLISSUEOTHER = "sl:IssueOther"
    SLISSUEREQUESTREFUSED = "sl:IssueRequestRefused"
    SLISSUERESTRICTIONNOTHONOURED = "sl:IssueRestrictionNotHonoured"
    SLISSUESECURITY = "sl:IssueSecurity"
    SLISSUEUNLAWFULSHARING = "sl:IssueUnlawfulSharing"

    def __str__(self) -> str:
        return str(self.value)
