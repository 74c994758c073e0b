"""Monodepth2 view synthesis and losses on the dict-of-tensors batch (upstream keys)."""
import paddle
import paddle.nn.functional as F

from layers import (BackprojectDepth, Project3D, SSIM, disp_to_depth, get_smooth_loss,
                    transformation_from_parameters)


class MonodepthLoss(object):
    """generate_images_pred + compute_losses of upstream's Trainer, framework-free of the loop."""

    def __init__(self, opt):
        self.opt = opt
        self.ssim = SSIM()
        self.backproject = {}
        self.project = {}
        for s in opt.scales:
            h, w = opt.height // (2 ** s), opt.width // (2 ** s)
            self.backproject[s] = BackprojectDepth(opt.batch_size, h, w)
            self.project[s] = Project3D(opt.batch_size, h, w)

    # ---------------------------------------------------------------- warping
    def warp(self, image, depth, K, inv_K, T, scale):
        """Sample ``image`` at the pixels where the target's points land under pose ``T``."""
        points = self.backproject[scale](depth, inv_K)
        grid = self.project[scale](points, K, T)
        if image.stop_gradient and not grid.stop_gradient:
            # Paddle's grid_sample backward crashes when only the grid needs a gradient
            image = image.clone()
            image.stop_gradient = False
        return F.grid_sample(image, grid, mode="bilinear", padding_mode="border",
                             align_corners=True)

    def generate_images_pred(self, inputs, outputs):
        opt = self.opt
        for scale in opt.scales:
            disp = outputs[("disp", scale)]
            if opt.v1_multiscale:
                source_scale = scale
            else:
                disp = F.interpolate(disp, size=[opt.height, opt.width], mode="bilinear",
                                     align_corners=False)
                source_scale = 0
            _, depth = disp_to_depth(disp, opt.min_depth, opt.max_depth)
            outputs[("depth", 0, scale)] = depth
            for frame_id in opt.frame_ids[1:]:
                if frame_id == "s":
                    T = inputs["stereo_T"]
                else:
                    T = outputs[("cam_T_cam", 0, frame_id)]
                if opt.pose_model_type == "posecnn" and frame_id != "s":
                    axisangle = outputs[("axisangle", 0, frame_id)]
                    translation = outputs[("translation", 0, frame_id)]
                    mean_inv_depth = (1.0 / depth).mean(axis=[2, 3])
                    T = transformation_from_parameters(
                        axisangle[:, 0], translation[:, 0] * mean_inv_depth.unsqueeze(1),
                        frame_id < 0)
                warped = self.warp(inputs[("color", frame_id, source_scale)], depth,
                                         inputs[("K", source_scale)], inputs[("inv_K", source_scale)],
                                         T, source_scale)
                outputs[("color", frame_id, scale)] = warped

    # ---------------------------------------------------------------- losses
    def compute_reprojection_loss(self, pred, target):
        """Per-pixel 0.85 * SSIM + 0.15 * L1 (L1 only with --no_ssim), shape (B, 1, H, W)."""
        l1 = paddle.abs(target - pred).mean(axis=1, keepdim=True)
        if self.opt.no_ssim:
            return l1
        return 0.85 * self.ssim(pred, target).mean(axis=1, keepdim=True) + 0.15 * l1

    def compute_losses(self, inputs, outputs):
        opt = self.opt
        losses = {}
        total = 0.0
        for scale in opt.scales:
            loss = 0.0
            source_scale = scale if opt.v1_multiscale else 0
            disp = outputs[("disp", scale)]
            color = inputs[("color", 0, scale)]
            target = inputs[("color", 0, source_scale)]
            reprojection = paddle.concat([
                self.compute_reprojection_loss(outputs[("color", f, scale)], target)
                for f in opt.frame_ids[1:]], axis=1)

            if not opt.disable_automasking:
                identity = paddle.concat([
                    self.compute_reprojection_loss(inputs[("color", f, source_scale)], target)
                    for f in opt.frame_ids[1:]], axis=1)
                if opt.avg_reprojection:
                    identity = identity.mean(axis=1, keepdim=True)
            elif opt.predictive_mask:
                mask = outputs["predictive_mask"][("disp", scale)]
                if not opt.v1_multiscale:
                    mask = F.interpolate(mask, size=[opt.height, opt.width], mode="bilinear",
                                         align_corners=False)
                reprojection = reprojection * mask
                weighting = 0.2 * F.binary_cross_entropy(mask, paddle.ones_like(mask),
                                                         reduction="none")
                loss = loss + weighting.mean()

            if opt.avg_reprojection:
                reprojection = reprojection.mean(axis=1, keepdim=True)

            if not opt.disable_automasking:
                identity = identity + paddle.randn(identity.shape) * 1e-5
                combined = paddle.concat([identity, reprojection], axis=1)
            else:
                combined = reprojection

            if combined.shape[1] == 1:
                to_optimise = combined
            else:
                to_optimise = combined.min(axis=1)
                if not opt.disable_automasking:
                    idxs = combined.argmin(axis=1)
                    outputs["identity_selection/{}".format(scale)] = \
                        (idxs > identity.shape[1] - 1).astype("float32")

            loss = loss + to_optimise.mean()
            mean_disp = disp.mean(axis=[2, 3], keepdim=True)
            smooth = get_smooth_loss(disp / (mean_disp + 1e-7), color)
            loss = loss + opt.disparity_smoothness * smooth / (2 ** scale)
            total = total + loss
            losses["loss/{}".format(scale)] = loss
        losses["loss"] = total / len(opt.scales)
        return losses
