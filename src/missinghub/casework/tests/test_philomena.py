"""Philomena profiles: each save a new version with its history;
a second save from a stale page refused with nothing lost; the photo checked by its bytes (JPEG
or PNG, size limit), stripped of EXIF and stored privately; the grab pack for a child missing
now, with the last-seen clothing, rendered as a one-page PDF."""

from io import BytesIO

import pytest
from PIL import Image
from pypdf import PdfReader

from missinghub.accounts.models import Role
from missinghub.audit.enums import AuditVerb
from missinghub.audit.models import AuditEvent
from missinghub.casework.models import PhilomenaProfile
from missinghub.casework.private_files import private_storage
from missinghub.casework.services.concurrency import EditConflict
from missinghub.casework.services.packs import grab_pack_pdf
from missinghub.casework.services.philomena import (
    PhilomenaError,
    ProfileContent,
    produce_grab_pack,
    read_photo,
    save_photo,
    save_profile,
    start_profile,
)
from missinghub.casework.services.photos import PhotoRefused
from missinghub.casework.tests.scenarios import looked_after_child, picture, report_episodes

FIRST = ProfileContent(
    description="Slim, about 160 cm, short dyed red hair, scar on left eyebrow",
    associates="Older friends known as 'Deano' and 'Kez'",
    places_frequented="Bus station, the retail park, Eastside skate park",
    phone_and_social_media="Phone ending 0199; Snapchat user skyp_2010",
    medical_needs="Asthma: carries a blue inhaler",
    missing_history="Usually found at the bus station late at night",
)


@pytest.fixture(autouse=True)
def _private_folder(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def carer(make_user):
    return make_user("care_home", Role.CARE_HOME_STAFF)


@pytest.fixture
def child(agencies):
    return looked_after_child(agencies, given_name="Sky", family_name="Philomford")


@pytest.fixture
def profile(carer, child):
    return start_profile(actor=carer, child=child, content=FIRST)


def test_each_save_is_a_new_version_with_its_history(profile, carer, make_user):
    social_worker = make_user("social_care", Role.SOCIAL_WORKER)
    changed = ProfileContent(**{**FIRST.cleaned(), "medical_needs": "Asthma; now also epilepsy"})

    save_profile(actor=social_worker, profile=profile, content=changed, expected_version=1)

    profile.refresh_from_db()
    assert profile.version == 2 and profile.medical_needs == "Asthma; now also epilepsy"
    history = list(profile.previous_versions.order_by("version"))
    assert [(v.version, v.saved_by) for v in history] == [(1, carer), (2, social_worker)]
    assert history[0].content["medical_needs"] == "Asthma: carries a blue inhaler"
    assert AuditEvent.objects.filter(verb=AuditVerb.PHILOMENA_PROFILE_SAVED).count() == 2


def test_a_second_save_from_a_stale_page_is_refused_and_nothing_is_lost(profile, carer, make_user):
    colleague = make_user("care_home", Role.CARE_HOME_STAFF)
    mine = ProfileContent(**{**FIRST.cleaned(), "associates": "Deano, Kez and now 'Little T'"})
    theirs = ProfileContent(**{**FIRST.cleaned(), "places_frequented": "Also the 24h garage"})
    save_profile(actor=colleague, profile=profile, content=theirs, expected_version=1)

    stale = PhilomenaProfile.objects.get(pk=profile.pk)
    stale.version = 1  # the page I opened before my colleague saved
    with pytest.raises(EditConflict, match="Someone else saved this profile"):
        save_profile(actor=carer, profile=stale, content=mine, expected_version=1)

    profile.refresh_from_db()
    assert profile.version == 2
    assert profile.places_frequented == "Also the 24h garage"
    assert profile.associates == FIRST.associates
    assert profile.previous_versions.count() == 2
    assert AuditEvent.objects.filter(verb=AuditVerb.STALE_EDIT_REFUSED, actor=carer).exists()


def test_a_jpeg_photo_is_stored_privately_without_its_exif(profile, carer):
    exif = Image.Exif()
    exif[0x010F] = "TestCam"  # camera maker
    exif[0x0132] = "2026:01:02 03:04:05"
    original = picture("JPEG", exif=exif.tobytes())
    assert b"TestCam" in original

    save_photo(actor=carer, profile=profile, content=original, taken_on=None, expected_version=1)

    profile.refresh_from_db()
    assert profile.version == 2 and profile.photo_content_type == "image/jpeg"
    stored = read_photo(profile)
    assert stored is not None and b"TestCam" not in stored
    assert not Image.open(BytesIO(stored)).getexif()
    assert private_storage().path(profile.photo_name).startswith(str(private_storage().location))
    with pytest.raises(NotImplementedError):
        private_storage().url(profile.photo_name)


def test_a_png_photo_is_accepted(profile, carer):
    save_photo(
        actor=carer, profile=profile, content=picture("PNG"), taken_on=None, expected_version=1
    )
    profile.refresh_from_db()
    assert profile.photo_content_type == "image/png" and profile.photo_name.endswith(".png")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (picture("GIF"), "JPEG or PNG"),
        (b"%PDF-1.7 not a photo at all", "JPEG or PNG"),
        (b"\xff\xd8\xff" + b"\x00" * 200, "damaged"),  # says JPEG, is not
        (b"", "empty"),
    ],
)
def test_a_file_that_is_not_a_jpeg_or_png_is_refused_whatever_its_name(
    profile, carer, content, reason
):
    with pytest.raises(PhotoRefused, match=reason):
        save_photo(actor=carer, profile=profile, content=content, taken_on=None, expected_version=1)
    profile.refresh_from_db()
    assert profile.version == 1 and profile.photo_name == ""


def test_a_photo_over_the_size_limit_is_refused(profile, carer, settings):
    settings.MISSINGHUB_PHILOMENA_PHOTO_MAX_BYTES = 1000
    big = picture("PNG", size=(300, 300))
    assert len(big) > 1000
    with pytest.raises(PhotoRefused, match="smaller than"):
        save_photo(actor=carer, profile=profile, content=big, taken_on=None, expected_version=1)


def test_a_stale_photo_save_leaves_no_file_behind(profile, carer):
    save_profile(actor=carer, profile=profile, content=FIRST, expected_version=1)
    with pytest.raises(EditConflict):
        save_photo(
            actor=carer, profile=profile, content=picture(), taken_on=None, expected_version=1
        )
    folder = private_storage().path(f"philomena/{profile.child_id}")
    assert private_storage().listdir(folder)[1] == []


def test_the_grab_pack_is_one_page_with_the_clothing_for_a_child_missing_now(
    profile, carer, make_user, agencies
):
    save_photo(actor=carer, profile=profile, content=picture(), taken_on=None, expected_version=1)
    *_, missing = report_episodes(profile.child, agencies, [40, 10, 0], last_open=True)
    officer = make_user("police", Role.POLICE_OFFICER)

    with pytest.raises(PhilomenaError, match="wearing"):
        produce_grab_pack(actor=officer, episode=missing, last_seen_clothing="  ")
    pack = produce_grab_pack(
        actor=officer,
        episode=missing,
        last_seen_clothing="Black puffer jacket, grey joggers, white trainers",
        last_seen_details="Seen getting into a silver car near the home",
    )
    assert pack.profile_version == 2

    reader = PdfReader(BytesIO(grab_pack_pdf(pack)))
    text = " ".join(reader.pages[0].extract_text().split())
    assert len(reader.pages) == 1
    for expected in (
        "Sky Philomford",
        "Black puffer jacket, grey joggers, white trainers",
        "silver car",
        "Asthma: carries a blue inhaler",
        "skyp_2010",
        "Profile version 2",
    ):
        assert expected in text
    assert "No photo held" not in text
    assert AuditEvent.objects.filter(verb=AuditVerb.GRAB_PACK_PRODUCED, actor=officer).exists()


def test_no_grab_pack_once_the_child_has_returned(profile, make_user, agencies):
    [returned] = report_episodes(profile.child, agencies, [3])
    with pytest.raises(PhilomenaError, match="returned"):
        produce_grab_pack(
            actor=make_user("police", Role.POLICE_OFFICER),
            episode=returned,
            last_seen_clothing="Blue coat",
        )
