package dev.heed.evaluation.scenes;

import dev.heed.common.image.BgrImage;
import dev.heed.evaluation.scenario.SceneTruth;
import dev.heed.evaluation.scenario.SceneTruth.AwayKind;
import dev.heed.evaluation.scenario.SceneTruth.State;
import dev.heed.proto.v1.AttentionPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A 720p driver-monitoring view of a car cabin: one large face (about 190 px), the person of ../shared/data/faces
 * at his own head poses, in the driver's seat. Over 30 s, the Euro NCAP cases: five glances of 2.5 s (to the left
 * mirror, down, to the right, down, left) with 1.5 s on the road between them, which add up to 10 s of eyes off
 * the road within 30 s without any single glance reaching 3 s (visual time-sharing), then one glance of 4 s to the
 * right, at the passenger (long distraction). Judged under the aggregator's defaults.
 */
public final class CabinScene extends GeneratedScene {
    public static final String NAME = "cabin";
    public static final long DEFAULT_SEED = 12;
    static final int WIDTH = 1280;
    static final int HEIGHT = 720;
    static final int FPS = 25;
    static final long DURATION_MS = 30_000;
    static final double FACE_WIDTH = 190;
    private static final double HEAD_X = 600;
    private static final double HEAD_Y = 300;

    /** Eyes off the road: [from, to) ms and where the driver looks. */
    private record Glance(long fromMs, long toMs, OnePersonPoses pose, AwayKind kind) {
    }

    private static final List<Glance> GLANCES = List.of(
            new Glance(3_000, 5_500, OnePersonPoses.TURNED_LEFT, AwayKind.GLANCE),
            new Glance(7_000, 9_500, OnePersonPoses.DOWN, AwayKind.GLANCE),
            new Glance(11_000, 13_500, OnePersonPoses.TURNED_RIGHT, AwayKind.GLANCE),
            new Glance(15_000, 17_500, OnePersonPoses.DOWN, AwayKind.GLANCE),
            new Glance(19_000, 21_500, OnePersonPoses.TURNED_LEFT, AwayKind.GLANCE),
            new Glance(23_000, 27_000, OnePersonPoses.TURNED_RIGHT, AwayKind.TURNED));

    private final Actor driver;
    private final BgrImage still;

    private CabinScene(Actor driver, BgrImage still) {
        super(NAME, "1280x720 car cabin, one driver (face about 190 px, the person of data/faces), 30 s: five 2.5 s glances "
                + "1.5 s apart (visual time-sharing), then one 4 s glance (long distraction); aggregator defaults", WIDTH, HEIGHT, FPS,
                DURATION_MS, 2_000_000, AttentionPolicy.getDefaultInstance());
        this.driver = driver;
        this.still = still;
    }

    /** @param faces the data/faces folder (images/ with the one person's head poses) */
    public static CabinScene create(Path faces, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        FacePhoto front = OnePersonPoses.FRONTAL.photo(faces);
        double headSize = front.size() * FACE_WIDTH / front.faceWidth();
        HeadPatch onRoad = HeadPatch.of(front, headSize);
        List<Actor.Shot> shots = new ArrayList<>();
        long t = 0;
        for (Glance g : GLANCES) {
            shots.add(new Actor.Shot(State.ATTENDING, null, t, g.fromMs(), onRoad));
            shots.add(new Actor.Shot(State.AWAY, g.kind(), g.fromMs(), g.toMs(), HeadPatch.of(g.pose().photo(faces), headSize)));
            t = g.toMs();
        }
        shots.add(new Actor.Shot(State.ATTENDING, null, t, DURATION_MS, onRoad));
        // A moving car shakes the head a little more than a chair does.
        Actor.Jitter jitter = new Actor.Jitter(2.5 + random.nextDouble(), 0.3 + 0.3 * random.nextDouble(), 1.5 + random.nextDouble(),
                0.2 + 0.3 * random.nextDouble(), 1.2 + random.nextDouble(), 2 * Math.PI * random.nextDouble());
        Actor driver = new Actor("driver", HEAD_X, HEAD_Y, FACE_WIDTH, jitter, shots);
        return new CabinScene(driver, paintStill(driver));
    }

    @Override
    public List<Actor> actors() {
        return List.of(driver);
    }

    /** The driver's seat: the space the head moves in, a head's width to either side. */
    @Override
    public SceneTruth.Seat seat(Actor a) {
        return new SceneTruth.Seat(Math.round(HEAD_X - 1.5 * FACE_WIDTH), Math.round(HEAD_Y - 1.3 * FACE_WIDTH), Math.round(3 * FACE_WIDTH),
                Math.round(2.5 * FACE_WIDTH));
    }

    @Override
    public BgrImage frame(int index) {
        BgrImage canvas = new BgrImage(WIDTH, HEIGHT, still.bgr().clone());
        driver.drawHead(canvas, timeOf(index));
        return canvas;
    }

    /**
     * The cabin behind and around the driver: headliner, the rear side window with the world outside, the B-pillar,
     * the seat and headrest, the driver's body and the seat belt across it.
     */
    private static BgrImage paintStill(Actor driver) {
        BgrImage img = new BgrImage(WIDTH, HEIGHT, new byte[WIDTH * HEIGHT * 3]);
        Shapes.verticalGradient(img, 0, 0, WIDTH, HEIGHT, 0x3a3a3e, 0x1e1e20);
        Shapes.verticalGradient(img, 0, 0, WIDTH, 90, 0x9a968e, 0x7c7870);
        Shapes.verticalGradient(img, 860, 110, 420, 300, 0xb4c8dc, 0xdfe6ea);
        Shapes.fillEllipse(img, 980, 380, 140, 60, 0x5d7a4a, 1);
        Shapes.fillEllipse(img, 1180, 370, 160, 70, 0x4f6d3f, 1);
        Shapes.verticalGradient(img, 860, 400, 420, 60, 0x6d6a66, 0x4d4a46);
        Shapes.fillRect(img, 820, 90, 70, HEIGHT - 90, 0x2c2c30);
        Shapes.grain(img, 0, 0, WIDTH, HEIGHT, 3, 5);
        Shapes.fillEllipse(img, HEAD_X + 20, HEAD_Y - 60, 150, 130, 0x26262a, 1);
        Shapes.fillEllipse(img, HEAD_X, HEAD_Y + 470, 380, 360, 0x2a2a2e, 1);
        Shapes.fillEllipse(img, HEAD_X, HEAD_Y + 0.75 * FACE_WIDTH, 0.32 * FACE_WIDTH, 0.32 * FACE_WIDTH, driver.skinTone(), 1);
        Shapes.fillEllipse(img, HEAD_X, HEAD_Y + 1.15 * FACE_WIDTH, 0.36 * FACE_WIDTH, 0.12 * FACE_WIDTH, 0x2f7fb8, 1);
        Shapes.fillEllipse(img, HEAD_X, HEAD_Y + 2.1 * FACE_WIDTH, 1.5 * FACE_WIDTH, 1.0 * FACE_WIDTH, 0x3b2a22, 1);
        for (int i = 0; i < 60; i++) {
            double f = i / 59.0;
            Shapes.fillEllipse(img, HEAD_X + 260 - f * 420, HEAD_Y + 180 + f * 260, 22, 22, 0x303034, 1);
        }
        return img;
    }
}
