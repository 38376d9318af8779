"""Model names read as words in the admin ("API key requests", not "Api key requests"):
Django derives them from class names, which spells acronyms wrong and some plurals too."""

import re

from django.apps import apps

# Written in capitals wherever they appear in a model's name (an "s" may follow: "MISPs").
ACRONYMS = {"API", "MISP", "MOSIP", "FTP", "FTM", "MDS", "ID", "OTP", "KYC", "JWT", "PKI", "CA", "URL", "UIN", "SDK",
            "ABIS", "DB"}


def _names():
    for model in apps.get_models():
        opts = model._meta
        yield opts.label, str(opts.verbose_name), str(opts.verbose_name_plural)


def test_acronyms_in_model_names_are_written_in_capitals():
    wrong = []
    for label, singular, plural in _names():
        for name in (singular, plural):
            for word in re.findall(r"[A-Za-z]+", name):
                stem = word[:-1] if word.endswith("s") and word[:-1].upper() in ACRONYMS else word
                if stem.upper() in ACRONYMS and stem != stem.upper():
                    wrong.append(f"{label}: {name!r}")
    assert wrong == []


def test_plurals_are_english():
    # Django adds an "s": "tallys", "entrys" read badly.
    wrong = [f"{label}: {plural!r}" for label, _, plural in _names() if re.search(r"[^aeiou]ys\b", plural)]
    assert wrong == []


def test_compound_words_are_not_split_from_class_names():
    # "DeviceSubType" becomes "device sub type"; the domain writes "sub-type".
    wrong = [f"{label}: {name!r}" for label, singular, plural in _names() for name in (singular, plural)
             if re.search(r"\bsub (type|types)\b", name)]
    assert wrong == []
