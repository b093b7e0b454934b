"""A small map written from the 2011 report, independent of the sample: three boroughs; live-birth data
solved in Bolton and refused in Bury and Wigan (each council's own local actions); HMRC income blocked
everywhere (a national ask to HMRC); DWP benefits and school attainment only partly usable (SOA level,
months in arrears); A&E attendances blocked in two with a GM action; anti-social behaviour partly
accessible in Wigan with a blockage, in full in Bolton and Bury."""

from models.interchange import import_map


def _item(name, holder):
    return {"name": name, "holder": holder}


def report_map_document() -> dict:
    localities = ["Bolton", "Bury", "Wigan"]

    def access(item, **where):
        return [{"data_item": item, "locality": loc, "status": state} for loc, state in where.items()]

    return {
        "format_version": 1,
        "map": {"title": "Three boroughs", "area": "Greater Manchester", "programme": "Community Budgets"},
        "stages": [{"name": "Identification of need", "aim": "accurately identify families"},
                   {"name": "Design of support", "aim": "design the support each family needs"},
                   {"name": "Evaluation of impact", "aim": "show the difference the support makes"}],
        "agencies": [{"name": n} for n in ("Maternity services", "HMRC", "DWP", "Schools", "A&E departments",
                                           "Police")],
        "localities": [{"name": n} for n in localities],
        "data_items": [_item("Live birth notifications", "Maternity services"), _item("HMRC income", "HMRC"),
                       _item("DWP out-of-work benefits", "DWP"), _item("School attainment", "Schools"),
                       _item("A&E attendances", "A&E departments"),
                       _item("Anti-social behaviour incidents", "Police")],
        "needs": [
            {"stage": "Identification of need", "data_item": "Live birth notifications", "priority": "essential"},
            {"stage": "Identification of need", "data_item": "HMRC income", "priority": "essential"},
            {"stage": "Identification of need", "data_item": "DWP out-of-work benefits", "priority": "essential"},
            {"stage": "Identification of need", "data_item": "School attainment", "priority": "useful"},
            {"stage": "Design of support", "data_item": "A&E attendances", "priority": "useful"},
            {"stage": "Design of support", "data_item": "Anti-social behaviour incidents", "priority": "essential"},
            {"stage": "Evaluation of impact", "data_item": "DWP out-of-work benefits", "priority": "essential"},
            {"stage": "Evaluation of impact", "data_item": "School attainment", "priority": "essential"},
        ],
        "access": [
            *access("Live birth notifications", Bolton="accessible", Bury="blocked", Wigan="blocked"),
            *access("HMRC income", Bolton="blocked", Bury="blocked", Wigan="blocked"),
            *access("DWP out-of-work benefits", Bolton="partial", Bury="partial", Wigan="partial"),
            *access("School attainment", Bolton="partial", Bury="partial", Wigan="accessible"),
            *access("A&E attendances", Bolton="accessible", Bury="blocked", Wigan="blocked"),
            *access("Anti-social behaviour incidents", Bolton="accessible", Bury="accessible", Wigan="partial"),
        ],
        "blockages": [
            {"id": 1, "data_item": "Live birth notifications", "locality": "Bury", "category": "legal",
             "reason": "the trust's lawyers say the mother's consent is needed"},
            {"id": 2, "data_item": "Live birth notifications", "locality": "Wigan", "category": "cultural",
             "reason": "the trust has never been asked"},
            {"id": 3, "data_item": "HMRC income", "locality": None, "category": "legal",
             "reason": "there is no legal gateway for HMRC to share income data"},
            {"id": 4, "data_item": "DWP out-of-work benefits", "locality": None, "category": "currency",
             "reason": "only at SOA level, six months in arrears"},
            {"id": 5, "data_item": "School attainment", "locality": None, "category": "currency",
             "reason": "9–12 months in arrears, ward level"},
            {"id": 6, "data_item": "A&E attendances", "locality": "Bury", "category": "technical",
             "reason": "A&E systems cannot match records to families"},
            {"id": 7, "data_item": "A&E attendances", "locality": "Wigan", "category": "technical",
             "reason": "A&E systems cannot match records to families"},
            {"id": 8, "data_item": "Anti-social behaviour incidents", "locality": "Wigan", "category": "organisational",
             "reason": "only incidents at the family's own address are passed on"},
        ],
        "actions": [
            {"blockage": 1, "step": "share Bolton's agreement with the trust", "level": "local",
             "owner_body": "Bury Council", "status": "in_progress", "due": "2011-10-31"},
            {"blockage": 2, "step": "ask Bolton's midwives to meet Wigan's", "level": "local",
             "owner_body": "Wigan Council", "status": "proposed", "due": "2011-11-30"},
            {"blockage": 3, "step": "create a legal gateway for HMRC income data", "level": "national",
             "owner_body": "HMRC", "status": "proposed", "due": "2012-03-31"},
            {"blockage": 4, "step": "send pilots monthly person-level benefit data", "level": "national",
             "owner_body": "DWP", "status": "in_progress", "due": "2012-04-30"},
            {"blockage": 5, "step": "release provisional results each term", "level": "national",
             "owner_body": "DfE", "status": "proposed", "due": "2099-01-31"},
            {"blockage": 6, "step": "match A&E records through DataGM", "level": "gm",
             "owner_body": "DataGM", "status": "agreed", "due": "2012-03-31"},
            {"blockage": 7, "step": "match A&E records through DataGM", "level": "gm",
             "owner_body": "DataGM", "status": "proposed", "due": "2012-06-30"},
        ],
    }


def make_report_map(path):
    return import_map(report_map_document(), path)
