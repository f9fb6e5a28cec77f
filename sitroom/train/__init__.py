"""Scripts that train the small models sitroom ships, reproducibly, from ../shared/data."""
