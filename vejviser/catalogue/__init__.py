"""Domain operations on the catalogue. Functions here add and flush; callers at the edge commit."""
