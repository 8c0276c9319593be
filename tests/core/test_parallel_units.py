"""The test workers' work units (tests/parallel.py): each contiguous run of a
module or class in pytest-django's order is one unit, handed out in order."""

from tests.parallel import work_units


def test_a_module_met_again_after_another_is_a_new_unit():
    collection = [
        "tests/a.py::test_1",  # savepoint tests of a
        "tests/a.py::test_2",
        "tests/b.py::Case::test_1",  # a class is a unit of its own
        "tests/b.py::test_3",
        "tests/a.py::test_4",  # a's transactional tests, after every other
    ]
    units = work_units(collection)
    assert [nodeid for nodeid, _unit in units] == collection
    names = [unit for _nodeid, unit in units]
    assert names == [
        "tests/a.py#1",
        "tests/a.py#1",
        "tests/b.py::Case#2",
        "tests/b.py#3",
        "tests/a.py#4",
    ]
    # The later run of a is not merged into the first: a worker running a's
    # transactional tests then b's savepoint tests would find the seeded rows
    # flushed.
    assert len(set(names)) == 4
