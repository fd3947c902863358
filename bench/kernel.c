/*
 * The simulator's race kernel as a plain C loop: the reference `deno task
 * bench` measures lib/sim/simulate.ts against on the same machine, in the
 * same run (bench/c_reference.ts builds and runs it where a C compiler is).
 *
 * It does what RaceRunner.run does for a race with a known grid, the plain
 * way, as issue 22 measured it: one normal draw per team and per driver
 * (xoshiro128** and Marsaglia's polar method), a safety car with the
 * scenario's probability (the order at a uniform point between 15% and 85% of
 * the race stands, gaps shrink to the restart gap, pit timing adds a normal
 * swing), one uniform draw per driver for a retirement, an insertion sort of
 * the whole field by race time, and the position histogram. Built with
 * -DZIGGURAT it draws its normals with lib/sim/rng.ts's ziggurat instead,
 * table for table and bit for bit, so the benchmark can also show how much
 * of the simulator's lead is the sampler. Same field as bench/fixtures.ts:
 * paces 0.08 s/lap apart, two drivers per team.
 *
 * Usage: kernel SIMULATIONS PACE_SPREAD_SCALE INCIDENT_SCALE MECHANICAL_SCALE
 *        SAFETY_CAR_PROBABILITY RESTART_GAP PIT_SWING WET_SKILL_WEIGHT
 * Prints: seconds, then each driver's count of wins, on one line.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define N 20
#define TEAMS 10
#define LAPS 57
#define RETIRED 1e15

static uint32_t s[4] = {0x9e3779b9u, 0x243f6a88u, 0xb7e15162u, 0x12345678u};

static inline uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }

static inline uint32_t next_u32(void) {
  const uint32_t result = rotl(s[1] * 5, 7) * 9;
  const uint32_t t = s[1] << 9;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 11);
  return result;
}

static inline double next_float(void) { return next_u32() / 4294967296.0; }

#ifdef ZIGGURAT
#define ZIG_R 3.442619855899
#define ZIG_AREA 9.91256303526217e-3
#define TWO_POW_24 16777216.0
static double zig_width[128], zig_density[129];
static int32_t zig_inner[128];

static void zig_tables(void) {
  double x[129];
  x[0] = ZIG_AREA / exp(-0.5 * ZIG_R * ZIG_R);
  x[1] = ZIG_R;
  for (int i = 1; i < 127; i++) x[i + 1] = sqrt(-2 * log(ZIG_AREA / x[i] + exp(-0.5 * x[i] * x[i])));
  for (int i = 0; i < 128; i++) {
    zig_width[i] = x[i] / TWO_POW_24;
    zig_inner[i] = i == 127 ? 0 : (int32_t)floor(x[i + 1] / x[i] * TWO_POW_24);
    zig_density[i] = exp(-0.5 * (i == 0 ? ZIG_R * ZIG_R : x[i] * x[i]));
  }
  zig_density[128] = 1;
}

static double normal_outside_core(int32_t u) {
  for (;; u = (int32_t)next_u32()) {
    const int layer = u & 127;
    const int32_t j = u >> 7;
    if (abs(j) < zig_inner[layer]) return j * zig_width[layer];
    if (layer == 0) {
      double x, y;
      do {
        x = -log(1 - next_float()) / ZIG_R;
        y = -log(1 - next_float());
      } while (y + y < x * x);
      return j < 0 ? -(ZIG_R + x) : ZIG_R + x;
    }
    const double x = j * zig_width[layer];
    if (zig_density[layer] + next_float() * (zig_density[layer + 1] - zig_density[layer]) < exp(-0.5 * x * x)) return x;
  }
}

static inline double next_normal(void) {
  const int32_t u = (int32_t)next_u32();
  const int layer = u & 127;
  const int32_t j = u >> 7;
  if (abs(j) < zig_inner[layer]) return j * zig_width[layer];
  return normal_outside_core(u);
}
#else
static void zig_tables(void) {}

static int has_spare = 0;
static double spare = 0;

static inline double next_normal(void) {
  if (has_spare) {
    has_spare = 0;
    return spare;
  }
  double u, v, q;
  do {
    u = next_u32() / 2147483648.0 - 1;
    v = next_u32() / 2147483648.0 - 1;
    q = u * u + v * v;
  } while (q >= 1 || q == 0);
  const double factor = sqrt(-2 * log(q) / q);
  spare = v * factor;
  has_spare = 1;
  return u * factor;
}
#endif

static inline void sort_by_score(int *order, const double *score) {
  for (int a = 1; a < N; a++) {
    const int item = order[a];
    const double key = score[item];
    int b = a - 1;
    while (b >= 0 && score[order[b]] > key) {
      order[b + 1] = order[b];
      b--;
    }
    order[b + 1] = item;
  }
}

int main(int argc, char **argv) {
  if (argc != 9) {
    fprintf(stderr, "usage: kernel SIMULATIONS SPREAD_SCALE INCIDENT MECHANICAL SAFETY_CAR RESTART_GAP PIT_SWING WET\n");
    return 2;
  }
  const long simulations = atol(argv[1]);
  const double spread_scale = atof(argv[2]), incident = atof(argv[3]), mechanical = atof(argv[4]);
  const double safety_car_chance = atof(argv[5]), restart_gap = atof(argv[6]), pit_swing = atof(argv[7]);
  const double wet_weight = atof(argv[8]);
  /* Overtaking difficulty 0.4: gridSlotSeconds = GRID_SLOT_SECONDS_AT_MOST (15) * 0.4^2. */
  const double slot_seconds = 15 * 0.4 * 0.4;
  double mean[N], spread[N], start[N], retire[N], day[N], score[N], team_draw[TEAMS];
  int team[N], order[N];
  static double positions[N * N];
  for (int i = 0; i < N; i++) {
    /* bench/fixtures.ts's wet skill, ((i * 7) % 5 - 2) * 0.05, counts in the wet. */
    mean[i] = 0.08 * i - (((i * 7) % 5) - 2) * 0.05 * wet_weight;
    spread[i] = 0.25 * spread_scale;
    start[i] = i * slot_seconds;
    team[i] = i / 2;
    const double m = fmin(1, 0.04 * mechanical), c = fmin(1, 0.03 * incident);
    retire[i] = 1 - (1 - m) * (1 - c);
  }
  zig_tables();
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long sim = 0; sim < simulations; sim++) {
    for (int t = 0; t < TEAMS; t++) team_draw[t] = 0.1 * next_normal();
    const int safety_car = safety_car_chance > 0 && next_float() < safety_car_chance;
    const double before = safety_car ? 0.15 + 0.7 * next_float() : 1;
    for (int i = 0; i < N; i++) day[i] = mean[i] + team_draw[team[i]] + spread[i] * next_normal();
    for (int i = 0; i < N; i++) score[i] = start[i] + before * LAPS * day[i];
    for (int i = 0; i < N; i++) order[i] = i;
    if (safety_car) {
      sort_by_score(order, score);
      const double after = (1 - before) * LAPS;
      for (int k = 0; k < N; k++) {
        const int i = order[k];
        score[i] = k * restart_gap + pit_swing * next_normal() + after * day[i];
      }
    }
    for (int i = 0; i < N; i++) {
      if (next_float() < retire[i]) score[i] = RETIRED + 1 - next_float();
    }
    sort_by_score(order, score);
    for (int k = 0; k < N; k++) positions[order[k] * N + k]++;
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  printf("%.6f", (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
  for (int i = 0; i < N; i++) printf(" %.0f", positions[i * N]);
  printf("\n");
  return 0;
}
