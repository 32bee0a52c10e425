/*
 * Floating-point program of the benchmark suite (our own kernels, written for this suite, not copies of the public
 * benchmarks they are named after):
 *  - a Linpack-style solve: LU factorisation with partial pivoting (the DGEFA/DGESL algorithm: IDAMAX, DSCAL,
 *    DAXPY column operations) of a pseudo-random 100x100 system and the normalised residual of its solution;
 *  - Whetstone-style modules: array and scalar arithmetic, procedure calls, polynomial "trig", square roots and
 *    divisions, single-precision work, and double<->integer conversions.
 * Results are printed as the bit patterns of the doubles, so both emulators must agree bit for bit.
 */
#include "suite.h"

BENCH_PARAMS(8, 1);

#define N 100

static double a[N][N], b[N], x[N], a0[N][N], b0[N];
static int ipvt[N];

static double fabs_(double v)
{
    return v < 0 ? -v : v;
}

static void matgen(uint32_t seed)
{
    uint32_t s = seed;
    for (int j = 0; j < N; j++) {
        for (int i = 0; i < N; i++) {
            s = s * 3125u % 65536u;
            a0[j][i] = ((double)s - 32768.0) / 16384.0;
        }
    }
    for (int i = 0; i < N; i++) {
        b0[i] = 0.0;
    }
    for (int j = 0; j < N; j++) {
        for (int i = 0; i < N; i++) {
            b0[i] += a0[j][i];
        }
    }
}

/* Column-major like the Fortran original: a[j] is column j. */
static int lu_factor(void)
{
    int info = 0;
    for (int k = 0; k < N - 1; k++) {
        int l = k;
        double dmax = fabs_(a[k][k]);
        for (int i = k + 1; i < N; i++) {
            if (fabs_(a[k][i]) > dmax) {
                dmax = fabs_(a[k][i]);
                l = i;
            }
        }
        ipvt[k] = l;
        if (a[k][l] == 0.0) {
            info = k;
            continue;
        }
        if (l != k) {
            double t = a[k][l];
            a[k][l] = a[k][k];
            a[k][k] = t;
        }
        double t = -1.0 / a[k][k];
        for (int i = k + 1; i < N; i++) {
            a[k][i] *= t;
        }
        for (int j = k + 1; j < N; j++) {
            double tj = a[j][l];
            if (l != k) {
                a[j][l] = a[j][k];
                a[j][k] = tj;
            }
            for (int i = k + 1; i < N; i++) {
                a[j][i] += tj * a[k][i];
            }
        }
    }
    ipvt[N - 1] = N - 1;
    return info;
}

static void lu_solve(void)
{
    for (int k = 0; k < N - 1; k++) {
        int l = ipvt[k];
        double t = b[l];
        if (l != k) {
            b[l] = b[k];
            b[k] = t;
        }
        for (int i = k + 1; i < N; i++) {
            b[i] += t * a[k][i];
        }
    }
    for (int k = N - 1; k >= 0; k--) {
        b[k] /= a[k][k];
        double t = -b[k];
        for (int i = 0; i < k; i++) {
            b[i] += t * a[k][i];
        }
    }
}

static uint64_t linpack(uint32_t seed)
{
    matgen(seed);
    memcpy(a, a0, sizeof a);
    memcpy(b, b0, sizeof b);
    int info = lu_factor();
    lu_solve();
    memcpy(x, b, sizeof x);
    /* residual r = A x - b0, normalised by |A| |x| */
    double rmax = 0.0, xmax = 0.0;
    for (int i = 0; i < N; i++) {
        double r = -b0[i];
        for (int j = 0; j < N; j++) {
            r += a0[j][i] * x[j];
        }
        rmax = fabs_(r) > rmax ? fabs_(r) : rmax;
        xmax = fabs_(x[i]) > xmax ? fabs_(x[i]) : xmax;
    }
    return mix64(mix64(bits_of(rmax), bits_of(xmax)), (uint64_t)info);
}

static double e1[4];

static void pa(double *e, double t, double t2)
{
    for (int j = 0; j < 6; j++) {
        e[0] = (e[0] + e[1] + e[2] - e[3]) * t;
        e[1] = (e[0] + e[1] - e[2] + e[3]) * t;
        e[2] = (e[0] - e[1] + e[2] + e[3]) * t;
        e[3] = (-e[0] + e[1] + e[2] + e[3]) / t2;
    }
}

/* sin and atan-like odd polynomials on a reduced range (Horner form), a stand-in for Whetstone's library calls. */
static double poly_sin(double v)
{
    double v2 = v * v;
    return v * (1.0 - v2 * (1.0 / 6 - v2 * (1.0 / 120 - v2 * (1.0 / 5040))));
}

static uint64_t whetstone_style(int loops)
{
    const double t = 0.499975, t1 = 0.50025, t2 = 2.0;
    double x1 = 1.0, x2 = -1.0, x3 = -1.0, x4 = -1.0;
    uint64_t h = 0;
    for (int i = 0; i < loops * 12; i++) {
        x1 = (x1 + x2 + x3 - x4) * t;
        x2 = (x1 + x2 - x3 + x4) * t;
        x3 = (x1 - x2 + x3 + x4) * t;
        x4 = (-x1 + x2 + x3 + x4) * t;
    }
    e1[0] = 1.0;
    e1[1] = e1[2] = e1[3] = -1.0;
    for (int i = 0; i < loops * 14; i++) {
        pa(e1, t, t2);
    }
    double px = 0.5, py = 0.5;
    for (int i = 0; i < loops * 32; i++) {
        px = t * poly_sin(t2 * poly_sin(px) / (1.0 + px * px));
        py = t * poly_sin(t2 * poly_sin(py) / (1.0 + py * py)) + t1 * 0.01;
    }
    double sq = 0.75;
    for (int i = 0; i < loops * 93; i++) {
        sq = __builtin_sqrt(sq * sq + (double)i) / (t1 + (double)(i & 7));
    }
    float fs = 1.5f, fd = 0.0f;
    for (int i = 1; i < loops * 100; i++) {
        fs = fs * 0.999f + 1.0f / (float)i;
        fd += __builtin_sqrtf(fs) - (float)(int)(fs * 10.0f) / 10.0f;
    }
    int64_t conv = 0;
    double cv = 0.1;
    for (int i = 0; i < loops * 100; i++) {
        cv = cv * 1.37 + 0.01;
        if (cv > 1e6) {
            cv /= 1e6;
        }
        conv += (int64_t)cv + (int32_t)(cv * -3.0) + (uint32_t)(cv * 7.0);
        cv += (double)(conv & 15) / 64.0 + (double)(uint64_t)conv / 1e18;
    }
    h = mix64(h, bits_of(x1) ^ bits_of(x2) ^ bits_of(x3) ^ bits_of(x4));
    h = mix64(h, bits_of(e1[0]) ^ bits_of(e1[3]));
    h = mix64(h, bits_of(px) ^ bits_of(py));
    h = mix64(h, bits_of(sq));
    h = mix64(h, bits_of_float(fs) ^ ((uint64_t)bits_of_float(fd) << 32));
    h = mix64(h, (uint64_t)conv ^ bits_of(cv));
    return h;
}

int main(void)
{
    suite_begin();
    uint64_t lp = 0, ws = 0;
    for (uint64_t it = 0; it < params.iterations; it++) {
        __asm__ volatile("" : : : "memory");
        lp = mix64(lp, linpack(1325u + (uint32_t)it));
        ws = mix64(ws, whetstone_style(100));
    }
    printf("fp iterations %lu mmu %lu\n", params.iterations, params.use_mmu);
    printf("linpack-style %016lx whetstone-style %016lx\n", lp, ws);
    return 0;
}
