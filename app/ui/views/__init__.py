"""The screens of Aula: groups, a group's tabs, the staff list."""
