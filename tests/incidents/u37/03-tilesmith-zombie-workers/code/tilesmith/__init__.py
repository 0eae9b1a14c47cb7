"""tilesmith: raster map-tile rendering workers for Glimmerton Maps."""
