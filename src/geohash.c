/* geohash.c - geohash cells, distances and search areas (see geohash.h).
 *
 * The arithmetic here decides the digits users see (GEOPOS prints the
 * decoded center of a cell with 17 decimals) and which members a search
 * finds, so every formula is evaluated in a fixed order: changing the order
 * of a multiplication and a division changes the last bits of a result.
 *
 * A search (geohashSearchAreaForShape) works in three steps:
 *   1. pick a step (cell size) from the radius: the largest cells that
 *      still make the center cell and its 8 neighbours cover the shape;
 *   2. if the shape's bounding box sticks out of those 9 cells (the center
 *      is near the edge of its cell), go one step coarser;
 *   3. drop the neighbours on a side where the center cell alone already
 *      reaches past the bounding box. */
#include "geohash.h"

#include <math.h>
#include <stddef.h>

/* Degrees to radians, as one constant factor. */
static const double DEG_TO_RAD = M_PI / 180.0;

static inline double degToRad(double deg) { return deg * DEG_TO_RAD; }
static inline double radToDeg(double rad) { return rad / DEG_TO_RAD; }

/* Half the length of the Web Mercator world, in meters: the radius at
 * which a single cell of step 1 is needed. */
static const double MERCATOR_MAX = 20037726.37;

/* ------------------------------------------------------------------------
 * Interleaving
 * --------------------------------------------------------------------- */

/* Spread the 32 bits of v to the even bit positions of the result. */
static uint64_t spreadBits(uint32_t v) {
    uint64_t x = v;
    x = (x | (x << 16)) & 0x0000FFFF0000FFFFULL;
    x = (x | (x << 8)) & 0x00FF00FF00FF00FFULL;
    x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0FULL;
    x = (x | (x << 2)) & 0x3333333333333333ULL;
    x = (x | (x << 1)) & 0x5555555555555555ULL;
    return x;
}

/* The inverse: gather the even bits of x into 32 bits. */
static uint32_t gatherBits(uint64_t x) {
    x &= 0x5555555555555555ULL;
    x = (x | (x >> 1)) & 0x3333333333333333ULL;
    x = (x | (x >> 2)) & 0x0F0F0F0F0F0F0F0FULL;
    x = (x | (x >> 4)) & 0x00FF00FF00FF00FFULL;
    x = (x | (x >> 8)) & 0x0000FFFF0000FFFFULL;
    x = (x | (x >> 16)) & 0x00000000FFFFFFFFULL;
    return (uint32_t)x;
}

static inline uint64_t interleave(uint32_t lat_idx, uint32_t lon_idx) {
    return spreadBits(lat_idx) | (spreadBits(lon_idx) << 1);
}

static inline uint32_t latIndex(uint64_t bits) { return gatherBits(bits); }
static inline uint32_t lonIndex(uint64_t bits) { return gatherBits(bits >> 1); }

/* ------------------------------------------------------------------------
 * Encoding and decoding
 * --------------------------------------------------------------------- */

void geohashCoordRanges(geohashRange *lon_range, geohashRange *lat_range) {
    lon_range->min = GEO_LONG_MIN;
    lon_range->max = GEO_LONG_MAX;
    lat_range->min = GEO_LAT_MIN;
    lat_range->max = GEO_LAT_MAX;
}

int geohashEncode(const geohashRange *lon_range, const geohashRange *lat_range, double lon, double lat,
                  uint8_t step, geohashCell *cell) {
    cell->bits = 0;
    cell->step = 0;
    if (step == 0 || step > 32) return 0;
    if (lon > GEO_LONG_MAX || lon < GEO_LONG_MIN || lat > GEO_LAT_MAX || lat < GEO_LAT_MIN) return 0;
    if (lat < lat_range->min || lat > lat_range->max || lon < lon_range->min || lon > lon_range->max) return 0;

    /* Position in [0, 1] of the range, then in cells.  A coordinate equal
     * to the range's max gives index 2^step, one past the last cell: that
     * bit lands above the 2*step used ones, and decoding clamps it back. */
    double lat_offset = (lat - lat_range->min) / (lat_range->max - lat_range->min);
    double lon_offset = (lon - lon_range->min) / (lon_range->max - lon_range->min);
    lat_offset *= (double)(1ULL << step);
    lon_offset *= (double)(1ULL << step);
    cell->bits = interleave((uint32_t)lat_offset, (uint32_t)lon_offset);
    cell->step = step;
    return 1;
}

int geohashDecode(const geohashRange *lon_range, const geohashRange *lat_range, geohashCell cell,
                  geohashArea *area) {
    if (cell.bits == 0 && cell.step == 0) return 0;
    double lat_scale = lat_range->max - lat_range->min;
    double lon_scale = lon_range->max - lon_range->min;
    if (lat_scale == 0 || lon_scale == 0) return 0;

    uint32_t ilat = latIndex(cell.bits);
    uint32_t ilon = lonIndex(cell.bits);
    double cells = (double)(1ULL << cell.step);
    /* (index + 1) wraps in 32 bits on purpose: it only matters for scores
     * that no GEOADD produced. */
    uint32_t ilat_next = ilat + 1, ilon_next = ilon + 1;
    area->latitude.min = lat_range->min + (ilat * 1.0 / cells) * lat_scale;
    area->latitude.max = lat_range->min + (ilat_next * 1.0 / cells) * lat_scale;
    area->longitude.min = lon_range->min + (ilon * 1.0 / cells) * lon_scale;
    area->longitude.max = lon_range->min + (ilon_next * 1.0 / cells) * lon_scale;
    return 1;
}

/* The center of the area, clamped to the limits of stored points. */
static void areaCenter(const geohashArea *area, double *xy) {
    xy[0] = (area->longitude.min + area->longitude.max) / 2;
    if (xy[0] > GEO_LONG_MAX) xy[0] = GEO_LONG_MAX;
    if (xy[0] < GEO_LONG_MIN) xy[0] = GEO_LONG_MIN;
    xy[1] = (area->latitude.min + area->latitude.max) / 2;
    if (xy[1] > GEO_LAT_MAX) xy[1] = GEO_LAT_MAX;
    if (xy[1] < GEO_LAT_MIN) xy[1] = GEO_LAT_MIN;
}

int geohashEncodeScore(double lon, double lat, uint64_t *score) {
    geohashRange lon_range, lat_range;
    geohashCell cell;
    geohashCoordRanges(&lon_range, &lat_range);
    if (!geohashEncode(&lon_range, &lat_range, lon, lat, GEO_STEP_MAX, &cell)) return 0;
    *score = cell.bits; /* step 26 fills all 52 bits: no shift needed */
    return 1;
}

int geohashDecodeScore(double score, double *xy) {
    geohashRange lon_range, lat_range;
    geohashArea area;
    /* Scores of members added by ZADD may be anything: the conversion
     * keeps whatever integer the double truncates to. */
    geohashCell cell = {.bits = (uint64_t)score, .step = GEO_STEP_MAX};
    geohashCoordRanges(&lon_range, &lat_range);
    if (!geohashDecode(&lon_range, &lat_range, cell, &area)) return 0;
    areaCenter(&area, xy);
    return 1;
}

int geohashToString(double score, char *buf) {
    static const char alphabet[] = "0123456789bcdefghjkmnpqrstuvwxyz";
    double xy[2];
    if (!geohashDecodeScore(score, xy)) return 0;

    /* Re-encode the decoded point with the standard ranges. */
    geohashRange lon_range = {-180, 180}, lat_range = {-90, 90};
    geohashCell cell;
    geohashEncode(&lon_range, &lat_range, xy[0], xy[1], GEO_STEP_MAX, &cell);

    /* 52 bits make ten 5-bit characters and two bits; the eleventh
     * character is the usual length of a geohash and stands for zeros. */
    for (int i = 0; i < 10; i++) buf[i] = alphabet[(cell.bits >> (52 - (i + 1) * 5)) & 0x1f];
    buf[10] = alphabet[0];
    buf[11] = '\0';
    return 1;
}

/* ------------------------------------------------------------------------
 * Distances
 * --------------------------------------------------------------------- */

double geohashLatDistance(double lat1, double lat2) {
    return GEO_EARTH_RADIUS_M * fabs(degToRad(lat2) - degToRad(lat1));
}

/* Haversine: 2R asin(sqrt(sin^2(dlat/2) + cos(lat1) cos(lat2) sin^2(dlon/2))). */
double geohashDistance(double lon1, double lat1, double lon2, double lat2) {
    double lon1r = degToRad(lon1), lon2r = degToRad(lon2);
    double v = sin((lon2r - lon1r) / 2);
    /* Same meridian: the distance is along it, no need for the rest. */
    if (v == 0.0) return geohashLatDistance(lat1, lat2);
    double lat1r = degToRad(lat1), lat2r = degToRad(lat2);
    double u = sin((lat2r - lat1r) / 2);
    double a = u * u + cos(lat1r) * cos(lat2r) * v * v;
    return 2.0 * GEO_EARTH_RADIUS_M * asin(sqrt(a));
}

int geohashShapeContains(const geohashShape *shape, double lon, double lat, double *dist) {
    const double clon = shape->xy[0], clat = shape->xy[1];
    if (shape->type == GEO_SHAPE_CIRCLE) {
        *dist = geohashDistance(clon, clat, lon, lat);
        return *dist <= shape->radius * shape->conversion;
    }
    /* Box: the cheap latitude test first, then the east-west distance
     * measured along the point's own parallel. */
    double width = shape->width * shape->conversion, height = shape->height * shape->conversion;
    if (geohashLatDistance(lat, clat) > height / 2) return 0;
    if (geohashDistance(lon, lat, clon, lat) > width / 2) return 0;
    *dist = geohashDistance(clon, clat, lon, lat);
    return 1;
}

/* ------------------------------------------------------------------------
 * Search areas
 * --------------------------------------------------------------------- */

/* The step whose cells are about the size of the radius, so that the
 * center cell and its neighbours cover a circle of that radius. */
static uint8_t estimateStep(double radius_m, double lat) {
    if (radius_m == 0) return GEO_STEP_MAX;
    int step = 1;
    while (radius_m < MERCATOR_MAX) {
        radius_m *= 2;
        step++;
    }
    step -= 2; /* one cell more of margin in most cases */

    /* Meridians converge towards the poles: a degree of longitude gets
     * shorter, so cells must be wider there. */
    if (lat > 66 || lat < -66) {
        step--;
        if (lat > 80 || lat < -80) step--;
    }
    if (step < 1) step = 1;
    if (step > GEO_STEP_MAX) step = GEO_STEP_MAX;
    return (uint8_t)step;
}

/* The shape's bounding box in degrees: bounds = {min lon, min lat, max lon,
 * max lat}.  A distance east-west spans more degrees on the parallel nearer
 * the pole, which is the top edge in the northern hemisphere and the bottom
 * one in the southern. */
static void shapeBoundingBox(const geohashShape *shape, double *bounds) {
    double lon = shape->xy[0], lat = shape->xy[1];
    int circle = shape->type == GEO_SHAPE_CIRCLE;
    double height = shape->conversion * (circle ? shape->radius : shape->height / 2);
    double width = shape->conversion * (circle ? shape->radius : shape->width / 2);

    const double lat_delta = radToDeg(height / GEO_EARTH_RADIUS_M);
    const double lon_delta_top = radToDeg(width / GEO_EARTH_RADIUS_M / cos(degToRad(lat + lat_delta)));
    const double lon_delta_bottom = radToDeg(width / GEO_EARTH_RADIUS_M / cos(degToRad(lat - lat_delta)));
    double lon_delta = lat < 0 ? lon_delta_bottom : lon_delta_top;
    bounds[0] = lon - lon_delta;
    bounds[1] = lat - lat_delta;
    bounds[2] = lon + lon_delta;
    bounds[3] = lat + lat_delta;
}

/* The cell moved by dlon / dlat cells (-1, 0 or 1), wrapping around the
 * range.  A coordinate that does not move keeps its bits as they are. */
static geohashCell moveCell(geohashCell cell, int dlon, int dlat) {
    uint32_t mask = cell.step >= 32 ? 0xFFFFFFFFu : (uint32_t)((1ULL << cell.step) - 1);
    uint32_t ilat = latIndex(cell.bits), ilon = lonIndex(cell.bits);
    if (dlon) ilon = (uint32_t)(ilon + dlon) & mask;
    if (dlat) ilat = (uint32_t)(ilat + dlat) & mask;
    cell.bits = interleave(ilat, ilon);
    return cell;
}

/* Indexes in geohashSearchArea.cells. */
enum { CELL_CENTER, CELL_N, CELL_S, CELL_E, CELL_W, CELL_NE, CELL_NW, CELL_SE, CELL_SW };

static void fillCells(geohashCell center, geohashSearchArea *sa) {
    static const int moves[GEO_SEARCH_CELLS][2] = {
        /* {dlon, dlat} in the order of the enum */
        {0, 0}, {0, 1}, {0, -1}, {1, 0}, {-1, 0}, {1, 1}, {-1, 1}, {1, -1}, {-1, -1},
    };
    for (int i = 0; i < GEO_SEARCH_CELLS; i++) sa->cells[i] = moveCell(center, moves[i][0], moves[i][1]);
}

static void clearCells(geohashSearchArea *sa, int a, int b, int c) {
    sa->cells[a].bits = sa->cells[b].bits = sa->cells[c].bits = 0;
    sa->cells[a].step = sa->cells[b].step = sa->cells[c].step = 0;
}

void geohashSearchAreaForShape(const geohashShape *shape, geohashSearchArea *sa) {
    double bounds[4];
    shapeBoundingBox(shape, bounds);
    const double min_lon = bounds[0], min_lat = bounds[1], max_lon = bounds[2], max_lat = bounds[3];
    const double lon = shape->xy[0], lat = shape->xy[1];

    /* The size to cover: the radius, or the half-diagonal of the box. */
    double radius_m = shape->type == GEO_SHAPE_CIRCLE
                          ? shape->radius
                          : sqrt((shape->width / 2) * (shape->width / 2) + (shape->height / 2) * (shape->height / 2));
    radius_m *= shape->conversion;

    geohashRange lon_range, lat_range;
    geohashCoordRanges(&lon_range, &lat_range);
    uint8_t step = estimateStep(radius_m, lat);
    geohashCell center;
    geohashArea area;
    geohashEncode(&lon_range, &lat_range, lon, lat, step, &center);
    fillCells(center, sa);

    /* Near the edge of its cell, the center's neighbours may not reach the
     * far side of the bounding box: then use cells twice as large. */
    geohashArea n, s, e, w;
    geohashDecode(&lon_range, &lat_range, sa->cells[CELL_N], &n);
    geohashDecode(&lon_range, &lat_range, sa->cells[CELL_S], &s);
    geohashDecode(&lon_range, &lat_range, sa->cells[CELL_E], &e);
    geohashDecode(&lon_range, &lat_range, sa->cells[CELL_W], &w);
    int too_small = n.latitude.max < max_lat || s.latitude.min > min_lat || e.longitude.max < max_lon ||
                    w.longitude.min > min_lon;
    if (step > 1 && too_small) {
        step--;
        geohashEncode(&lon_range, &lat_range, lon, lat, step, &center);
        fillCells(center, sa);
    }
    geohashDecode(&lon_range, &lat_range, center, &area);

    /* A side where the center cell already covers the bounding box needs
     * no neighbours.  With a single bit per coordinate the neighbours wrap
     * onto each other and the test means nothing: keep them all. */
    if (step >= 2) {
        if (area.latitude.min < min_lat) clearCells(sa, CELL_S, CELL_SW, CELL_SE);
        if (area.latitude.max > max_lat) clearCells(sa, CELL_N, CELL_NE, CELL_NW);
        if (area.longitude.min < min_lon) clearCells(sa, CELL_W, CELL_SW, CELL_NW);
        if (area.longitude.max > max_lon) clearCells(sa, CELL_E, CELL_SE, CELL_NE);
    }
}

void geohashCellScoreRange(geohashCell cell, uint64_t *min, uint64_t *max) {
    int shift = 52 - cell.step * 2;
    *min = cell.bits << shift;
    *max = (cell.bits + 1) << shift;
}
