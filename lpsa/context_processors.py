from lpsa.sections import SECTIONS


def portal(request):
    return {"portal_sections": SECTIONS}
