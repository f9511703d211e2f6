"""Domain messages: Danish strings that keep their template, so the web can translate them."""
from __future__ import annotations

import copy
import json
import pickle

import pytest

from vejviser.local_time import MomentError, parse_local_moment
from vejviser.messages import Message, message_of
from vejviser.resources import PACKAGE_DIR
from vejviser.search.params import SearchParamError, parse_args


def test_a_message_is_its_danish_text_and_keeps_template_and_arguments():
    message = Message("Postnummer %(postcode)s kender vi ikke.", postcode="0999")
    assert message == "Postnummer 0999 kender vi ikke." and "0999" in message
    assert message.template == "Postnummer %(postcode)s kender vi ikke."
    assert message.args == {"postcode": "0999"}
    assert json.dumps([message]) == '["Postnummer 0999 kender vi ikke."]'
    for same in (pickle.loads(pickle.dumps(message)), copy.deepcopy(message)):
        assert same == message and same.template == message.template and same.args == message.args


def test_errors_carry_their_message():
    with pytest.raises(SearchParamError) as caught:
        parse_args({"open_at": "torsdag"})
    assert isinstance(message_of(caught.value), Message)
    assert message_of(caught.value).args["field"] == "open_at"
    with pytest.raises(MomentError) as moment:
        parse_local_moment("3000-01-01T10:00", "at")
    assert message_of(moment.value).args["year"] == 3000
    assert message_of(ValueError()) == ""


def test_search_and_local_time_do_not_depend_on_the_web():
    for path in [*(PACKAGE_DIR / "search").glob("*.py"), PACKAGE_DIR / "local_time.py",
                 PACKAGE_DIR / "messages.py"]:
        imports = [line for line in path.read_text(encoding="utf-8").splitlines()
                   if line.lstrip().startswith(("import ", "from "))]
        assert not [line for line in imports if "flask_babel" in line or "vejviser.web" in line], \
            path.name
