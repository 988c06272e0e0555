"""One add permission per document type (declared in ``permissions.zcml``).

Roles get them in ``profiles/default/rolemap.xml``: drafters (GongwenStaff,
department heads) add 发文, the secretaries register 收文, and so on.
"""

AddOutgoing = "collective.gongwen: Add Outgoing"
AddIncoming = "collective.gongwen: Add Incoming"
AddAttachment = "collective.gongwen: Add Attachment"
AddNotice = "collective.gongwen: Add Notice"
AddNews = "collective.gongwen: Add News"
