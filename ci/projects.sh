# Sourced by the ci/ drivers: the model projects present in this checkout (a project is present
# when its folder has a requirements.txt). Order = order of make test / make demo.
ALL_PROJECTS=(depthnet_mindspore densedepth_tensorflow monodepth2_paddle midas_mindspore ddrnet_mindspore)
PROJECTS=()
for _p in "${ALL_PROJECTS[@]}"; do
    [ -f "$_p/requirements.txt" ] && PROJECTS+=("$_p")
done
unset _p
