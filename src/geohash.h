/* geohash.h - geohash cells, distances and search areas for GEO commands.
 *
 * A point (longitude, latitude) is stored as a 52-bit integer: each
 * coordinate is mapped to an integer cell index of `step` bits (26 for a
 * stored point) by dividing its range into 2^step equal slices, and the two
 * indexes are interleaved bit by bit, the longitude bit above the latitude
 * bit of each pair:
 *
 *     bits = ... lon2 lat2 lon1 lat1 lon0 lat0
 *
 * Interleaving keeps nearby points close in the integer order, and every
 * cell of a coarser step is one contiguous range of 52-bit values: a cell
 * of step s covers [bits << (52-2s), (bits+1) << (52-2s)).  A sorted set
 * whose scores are these integers (exact in a double) is thus a spatial
 * index: a search turns an area into a few cells, each cell into a score
 * range, and filters the members found by their exact distance.
 *
 * The latitude range of stored points is the Web Mercator one
 * (+-85.05112878 degrees), not +-90: a "standard" geohash string is made by
 * decoding and re-encoding with the +-90 range (geohashToString).
 *
 * This module knows nothing of the server: plain doubles and integers. */
#ifndef GEOHASH_H
#define GEOHASH_H

#include <stdint.h>

#define GEO_STEP_MAX 26 /* bits per coordinate of a stored point */

#define GEO_LAT_MIN -85.05112878
#define GEO_LAT_MAX 85.05112878
#define GEO_LONG_MIN -180.0
#define GEO_LONG_MAX 180.0

/* Earth's radius used by every distance (meters). */
#define GEO_EARTH_RADIUS_M 6372797.560856

/* One cell: `step` bits per coordinate, interleaved.  {0, 0} is "no cell"
 * (a neighbour that the search skips). */
typedef struct geohashCell {
    uint64_t bits;
    uint8_t step;
} geohashCell;

typedef struct geohashRange {
    double min, max;
} geohashRange;

/* The rectangle a cell covers, in degrees. */
typedef struct geohashArea {
    geohashRange longitude;
    geohashRange latitude;
} geohashArea;

/* The ranges of stored points. */
void geohashCoordRanges(geohashRange *lon_range, geohashRange *lat_range);

/* The cell of step `step` (1..32) that holds (lon, lat) within the given
 * ranges.  Returns 0 (cell zeroed) if the point lies outside the ranges or
 * outside the limits of stored points. */
int geohashEncode(const geohashRange *lon_range, const geohashRange *lat_range, double lon, double lat,
                  uint8_t step, geohashCell *cell);
/* The rectangle covered by cell.  Returns 0 for the "no cell" value. */
int geohashDecode(const geohashRange *lon_range, const geohashRange *lat_range, geohashCell cell,
                  geohashArea *area);

/* Stored points: the 52-bit score of (lon, lat), 0 if out of limits... */
int geohashEncodeScore(double lon, double lat, uint64_t *score);
/* ...and back: the center of the score's cell, clamped to the limits, in
 * xy[0] (longitude) and xy[1] (latitude).  Returns 0 if it cannot decode. */
int geohashDecodeScore(double score, double *xy);

/* The 11-character standard geohash (base 32, +-90 latitude range) of the
 * point stored with `score`, into buf[0..11] plus a NUL.  Returns 0 if the
 * score does not decode. */
int geohashToString(double score, char *buf);

/* Great-circle distance in meters (haversine), arguments in degrees. */
double geohashDistance(double lon1, double lat1, double lon2, double lat2);
/* Distance along a meridian between two latitudes, in meters. */
double geohashLatDistance(double lat1, double lat2);

/* ------------------------------------------------------------------------
 * Search areas
 * --------------------------------------------------------------------- */

#define GEO_SHAPE_CIRCLE 1
#define GEO_SHAPE_BOX 2

/* What a search looks for, around center xy (longitude, latitude).  The
 * sizes are in the user's unit; `conversion` is meters per unit. */
typedef struct geohashShape {
    int type; /* GEO_SHAPE_* */
    double xy[2];
    double conversion;
    double radius;        /* GEO_SHAPE_CIRCLE */
    double width, height; /* GEO_SHAPE_BOX */
} geohashShape;

/* The cells a search visits, in this order: the center cell then its
 * neighbours north, south, east, west, north-east, north-west, south-east,
 * south-west.  Neighbours that cannot hold a match are "no cell" {0, 0}. */
#define GEO_SEARCH_CELLS 9
typedef struct geohashSearchArea {
    geohashCell cells[GEO_SEARCH_CELLS];
} geohashSearchArea;

/* Choose the step for the shape's size and latitude and fill the cells
 * that cover it. */
void geohashSearchAreaForShape(const geohashShape *shape, geohashSearchArea *sa);

/* The score range [*min, *max) of the stored points inside cell. */
void geohashCellScoreRange(geohashCell cell, uint64_t *min, uint64_t *max);

/* Whether the point (lon, lat) is inside the shape; if so *dist is its
 * distance from the center in meters. */
int geohashShapeContains(const geohashShape *shape, double lon, double lat, double *dist);

#endif
