"""Module-level classes whose instances travel as task values (pickled by reference)."""


class TaskError(Exception):
    """A project-defined exception class (pickled by reference)."""


class Thing:
    """A plain object with a __dict__ (default object repr)."""

    def __init__(self, label):
        self.label = label
