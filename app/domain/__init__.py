"""Pure rules and value objects of Aula: no Qt, no SQL, no I/O."""
