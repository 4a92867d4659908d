"""Qt table-model adapters fed plain rows (dataclasses) by the services.

They never query the database; views give them rows and forward edits.
"""
