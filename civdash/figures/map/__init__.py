"""Map builders: geometry, style, labels, overlay, legend, picture and deck."""
