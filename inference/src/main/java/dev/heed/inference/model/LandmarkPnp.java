package dev.heed.inference.model;

/**
 * Head pose from the detector's five landmarks, the "landmarks to pose" baseline of the head pose literature:
 * the pose (rotation and translation) of a mean 3D face whose pinhole projection best fits the five points,
 * found by Levenberg-Marquardt on the six pose parameters, then read as Euler angles in AFLW2000's order.
 * No OpenCV: the problem is six parameters and ten residuals.
 *
 * <p>Frames: the camera's (x right, y down, z forward); the mean face is in the same frame when frontal
 * (nose tip at the origin, the face looking at the camera, i.e. towards -z), millimetres, anthropometric means
 * (inter-pupil distance 62 mm, mouth width 48 mm, eyes 37 mm above and 30 mm behind the nose tip).
 */
public final class LandmarkPnp {
    /** Right eye (image-left), left eye, nose tip, right mouth corner (image-left), left mouth corner. */
    static final double[][] MEAN_FACE_MM = {
            {-31, -37, 30},
            {31, -37, 30},
            {0, 0, 0},
            {-24, 33, 28},
            {24, 33, 28}};
    /** A face is about this wide (mm) where the detector's box is as wide: the starting distance. */
    private static final double FACE_WIDTH_MM = 150;
    private static final int ITERATIONS = 40;
    /** Starting yaws (degrees): with five nearly coplanar points a fit from the front can settle on the mirror pose. */
    private static final double[] START_YAWS_DEG = {-60, -30, 0, 30, 60};

    private LandmarkPnp() {
    }

    /**
     * The rotation (row-major 3x3, mean face to camera) that best explains the landmarks.
     *
     * @param points  x0, y0 ... x4, y4, image pixels
     * @param focal   focal length, pixels
     * @param cx      principal point x, pixels
     * @param cy      principal point y, pixels
     * @param boxWidth the face box width, pixels (only for the starting distance)
     */
    public static double[] rotation(float[] points, double focal, double cx, double cy, double boxWidth) {
        double[] best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        for (double yaw : START_YAWS_DEG) {
            double tz = focal * FACE_WIDTH_MM / boxWidth;
            double[] p = {0, Math.toRadians(yaw), 0, (points[4] - cx) * tz / focal, (points[5] - cy) * tz / focal, tz};
            double cost = fit(p, points, focal, cx, cy);
            if (cost < bestCost) {
                bestCost = cost;
                best = p;
            }
        }
        return rodrigues(best[0], best[1], best[2]);
    }

    /** Levenberg-Marquardt in place on p = (rotation vector, translation); returns the final squared residual. */
    static double fit(double[] p, float[] points, double focal, double cx, double cy) {
        double lambda = 1e-3;
        double[] r = residuals(p, points, focal, cx, cy);
        double cost = dot(r, r);
        for (int it = 0; it < ITERATIONS; it++) {
            double[][] j = new double[r.length][6];
            for (int k = 0; k < 6; k++) {
                double h = k < 3 ? 1e-6 : 1e-4 * Math.max(1, Math.abs(p[k]));
                double[] q = p.clone();
                q[k] += h;
                double[] rp = residuals(q, points, focal, cx, cy);
                q[k] -= 2 * h;
                double[] rm = residuals(q, points, focal, cx, cy);
                for (int i = 0; i < r.length; i++) {
                    j[i][k] = (rp[i] - rm[i]) / (2 * h);
                }
            }
            double[][] a = new double[6][6];
            double[] g = new double[6];
            for (int i = 0; i < r.length; i++) {
                for (int k = 0; k < 6; k++) {
                    g[k] += j[i][k] * r[i];
                    for (int l = 0; l < 6; l++) {
                        a[k][l] += j[i][k] * j[i][l];
                    }
                }
            }
            boolean improved = false;
            for (int tries = 0; tries < 10 && !improved; tries++) {
                double[][] m = new double[6][6];
                double[] b = new double[6];
                for (int k = 0; k < 6; k++) {
                    m[k] = a[k].clone();
                    m[k][k] += lambda * (a[k][k] + 1e-9);
                    b[k] = -g[k];
                }
                double[] step = solve(m, b);
                if (step == null) {
                    lambda *= 10;
                    continue;
                }
                double[] q = p.clone();
                for (int k = 0; k < 6; k++) {
                    q[k] += step[k];
                }
                double[] rq = residuals(q, points, focal, cx, cy);
                double c = dot(rq, rq);
                if (c < cost) {
                    System.arraycopy(q, 0, p, 0, 6);
                    r = rq;
                    boolean converged = cost - c < 1e-10 * cost;
                    cost = c;
                    lambda = Math.max(1e-9, lambda / 10);
                    improved = true;
                    if (converged) {
                        return cost;
                    }
                } else {
                    lambda *= 10;
                }
            }
            if (!improved) {
                break;
            }
        }
        return cost;
    }

    private static double[] residuals(double[] p, float[] points, double focal, double cx, double cy) {
        double[] rot = rodrigues(p[0], p[1], p[2]);
        double[] r = new double[2 * MEAN_FACE_MM.length];
        for (int k = 0; k < MEAN_FACE_MM.length; k++) {
            double[] m = MEAN_FACE_MM[k];
            double x = rot[0] * m[0] + rot[1] * m[1] + rot[2] * m[2] + p[3];
            double y = rot[3] * m[0] + rot[4] * m[1] + rot[5] * m[2] + p[4];
            double z = rot[6] * m[0] + rot[7] * m[1] + rot[8] * m[2] + p[5];
            // A point behind the camera is no fit: a large residual keeps the search away.
            double zz = Math.max(z, 1e-3);
            r[2 * k] = focal * x / zz + cx - points[2 * k];
            r[2 * k + 1] = focal * y / zz + cy - points[2 * k + 1];
        }
        return r;
    }

    /** Rotation matrix (row-major) of the rotation vector (x, y, z). */
    static double[] rodrigues(double x, double y, double z) {
        double t = Math.sqrt(x * x + y * y + z * z);
        if (t < 1e-12) {
            return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
        }
        double kx = x / t, ky = y / t, kz = z / t;
        double c = Math.cos(t), s = Math.sin(t), v = 1 - c;
        return new double[] {
                c + kx * kx * v, kx * ky * v - kz * s, kx * kz * v + ky * s,
                ky * kx * v + kz * s, c + ky * ky * v, ky * kz * v - kx * s,
                kz * kx * v - ky * s, kz * ky * v + kx * s, c + kz * kz * v};
    }

    /**
     * Yaw, pitch, roll (degrees) in AFLW2000's convention of a camera-frame rotation: the rotation is taken to the
     * 3DMM frame of the labels (y up, z towards the camera) and decomposed as Rx(pitch) Ry(yaw) Rz(roll), the
     * labels' order, all three negated into Hopenet's convention (checked on the labelled images).
     */
    public static double[] eulerDegrees(double[] rot) {
        // F R F with F = diag(1, -1, -1): flips the sign of the entries mixing x with y or z.
        double r00 = rot[0], r01 = -rot[1], r02 = -rot[2];
        double r12 = rot[5], r22 = rot[8];
        double yaw = Math.asin(Math.max(-1, Math.min(1, r02)));
        double pitch = Math.atan2(-r12, r22);
        double roll = Math.atan2(-r01, r00);
        return new double[] {YAW_SIGN * Math.toDegrees(yaw), PITCH_SIGN * Math.toDegrees(pitch), ROLL_SIGN * Math.toDegrees(roll)};
    }

    /*
     * AFLW2000's angles turn the camera-facing face the other way round from this decomposition: checked on the
     * first 150 labelled aflw2000-dev images, these signs give MAE 6.1 / 10.2 / 6.5 degrees with biases under 1.2,
     * the opposite ones 41 / 19 / 21 with biases up to 12.6 (LandmarkPoseEstimatorTest keeps them checked).
     */
    static final int YAW_SIGN = -1;
    static final int PITCH_SIGN = -1;
    static final int ROLL_SIGN = -1;

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Gaussian elimination with partial pivoting; null when singular. */
    private static double[] solve(double[][] m, double[] b) {
        int n = b.length;
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) {
                    piv = r;
                }
            }
            if (Math.abs(m[piv][c]) < 1e-300) {
                return null;
            }
            double[] tr = m[c];
            m[c] = m[piv];
            m[piv] = tr;
            double tb = b[c];
            b[c] = b[piv];
            b[piv] = tb;
            for (int r = c + 1; r < n; r++) {
                double f = m[r][c] / m[c][c];
                for (int k = c; k < n; k++) {
                    m[r][k] -= f * m[c][k];
                }
                b[r] -= f * b[c];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = b[r];
            for (int k = r + 1; k < n; k++) {
                s -= m[r][k] * x[k];
            }
            x[r] = s / m[r][r];
        }
        return x;
    }
}
