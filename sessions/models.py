"""Models of this app arrive with its issue; the app is registered and migrates already."""
