"""The bank: loading checked content into the database, and `flask bank check|load|stats`."""
