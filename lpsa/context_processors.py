from lpsa.sections import SECTIONS, current_section


def portal(request):
    return {"portal_sections": SECTIONS, "current_section": current_section(request)}
