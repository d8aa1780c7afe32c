"""``python -m kg``: the ``kg`` program."""
from kg._main import main

main()
